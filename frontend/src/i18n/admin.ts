// The administration pages' texts (organisation, accounts, reports, operations, rules),
// registered when one of those pages loads: the sign-in page and the everyday pages do not
// carry them (the sign-in page must stay under 300 KB of JavaScript).
import i18n from '.'
import { accounts } from '../features/accounts/locales'
import { integration } from '../features/integration/locales'
import { org } from '../features/org/locales'
import { reports } from '../features/reports/locales'
import { rules } from '../features/rules/locales'

export const adminNamespaces = { org, accounts, reports, integration, rules }

for (const [ns, texts] of Object.entries(adminNamespaces)) {
  i18n.addResourceBundle('vi', ns, texts.vi, true, true)
  i18n.addResourceBundle('en', ns, texts.en, true, true)
}
