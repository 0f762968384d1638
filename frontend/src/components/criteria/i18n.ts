// The criteria form's texts are the `criteria` namespace (./locales.ts, registered in src/i18n).
export const CRITERIA_NS = 'criteria'

// Building an Intl.NumberFormat costs far more than using one, and a 100-criterion form formats
// a few hundred numbers per render: one formatter per language, made once.
const formatters = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en', { maximumFractionDigits: 1 }),
}

/** Points as people read them: `72,5` in Vietnamese, `72.5` in English. */
export function formatPoints(points: number | null | undefined, language: string): string {
  if (points === null || points === undefined) return '—'
  return formatters[language.startsWith('en') ? 'en' : 'vi'].format(points)
}
