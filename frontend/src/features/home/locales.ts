// Texts of the home feature (namespace `home`), Vietnamese first.
export const home = {
  vi: {},
  en: {},
}
