// Texts of the evaluation feature (namespace `evaluation`), Vietnamese first.
export const evaluation = {
  vi: {},
  en: {},
}
