// The criteria form's texts are the `criteria` namespace (./locales.ts, registered in src/i18n).
export const CRITERIA_NS = 'criteria'

/** Points as people read them: `72,5` in Vietnamese, `72.5` in English. */
export function formatPoints(points: number | null | undefined, language: string): string {
  if (points === null || points === undefined) return '—'
  return new Intl.NumberFormat(language.startsWith('en') ? 'en' : 'vi-VN', {
    maximumFractionDigits: 1,
  }).format(points)
}
