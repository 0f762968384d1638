// Texts of the work feature (namespace `work`), Vietnamese first.
export const work = {
  vi: {},
  en: {},
}
