// Texts of the results feature (namespace `results`), Vietnamese first.
export const results = {
  vi: {},
  en: {},
}
