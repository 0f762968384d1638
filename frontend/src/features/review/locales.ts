// Texts of the review feature (namespace `review`), Vietnamese first.
export const review = {
  vi: {},
  en: {},
}
