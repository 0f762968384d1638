// Feedback by e-mail (Điều 23.3): the form's content opens the user's mail program.

export const DEFAULT_FEEDBACK_EMAIL = 'gopy@danhgia.local'

export function feedbackEmail(): string {
  const configured = (import.meta.env.VITE_FEEDBACK_EMAIL as string | undefined)?.trim()
  return configured || DEFAULT_FEEDBACK_EMAIL
}

export type FeedbackValues = { name?: string; unit?: string; topic: string; page?: string; message: string }

/** A `mailto:` link with the subject and body filled in (RFC 6068: percent-encoded, CRLF lines). */
export function feedbackMailto(
  to: string,
  values: FeedbackValues,
  labels: { subject: string; name: string; unit: string; page: string },
): string {
  const lines = [
    values.message.trim(),
    '',
    values.name?.trim() ? `${labels.name}: ${values.name.trim()}` : '',
    values.unit?.trim() ? `${labels.unit}: ${values.unit.trim()}` : '',
    values.page?.trim() ? `${labels.page}: ${values.page.trim()}` : '',
  ].filter((line, i) => i < 2 || line)
  const subject = `${labels.subject}: ${values.topic}`
  return `mailto:${to}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(lines.join('\r\n'))}`
}
