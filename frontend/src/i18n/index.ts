// Vietnamese by default, English on request; one namespace per feature. The administration
// pages register theirs when they load (`admin.ts`).
import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import { common } from './common'
import { auth } from '../features/auth/locales'
import { home } from '../features/home/locales'
import { work } from '../features/work/locales'
import { evaluation } from '../features/evaluation/locales'
import { review } from '../features/review/locales'
import { results } from '../features/results/locales'
import { guides } from '../features/guides/locales'
import { notifications } from '../features/notifications/locales'
import { criteria } from '../components/criteria/locales'

export const namespaces = {
  common,
  criteria,
  auth,
  home,
  work,
  evaluation,
  review,
  results,
  guides,
  notifications,
}
export type Language = 'vi' | 'en'
const LANGUAGE_KEY = 'danhgia.language'

function initialLanguage(): Language {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(LANGUAGE_KEY) : null
  return stored === 'en' ? 'en' : 'vi'
}

const resources = {
  vi: Object.fromEntries(Object.entries(namespaces).map(([ns, t]) => [ns, t.vi])),
  en: Object.fromEntries(Object.entries(namespaces).map(([ns, t]) => [ns, t.en])),
}

void i18n.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: 'vi',
  defaultNS: 'common',
  ns: Object.keys(namespaces),
  interpolation: { escapeValue: false },
  returnNull: false,
})

export function setLanguage(language: Language) {
  localStorage.setItem(LANGUAGE_KEY, language)
  document.documentElement.lang = language
  void i18n.changeLanguage(language)
}

if (typeof document !== 'undefined') document.documentElement.lang = i18n.language

export default i18n
