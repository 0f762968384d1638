// Texts of the guides feature (namespace `guides`), Vietnamese first.
export const guides = {
  vi: {},
  en: {},
}
