// The whole app's words, put together where the app is: lib's and every feature's. The frame
// (the section names, the language menu) is the only place that needs them all; each feature
// translates with its own `i18n`, which knows only its words and lib's.
import { i18n as libI18n } from './lib/i18n/index.svelte';
import { auditWords } from './features/audit/i18n';
import { cardWords } from './features/people/card/i18n';
import { contactsWords } from './features/people/contacts/i18n';
import { duplicatesWords } from './features/duplicates/i18n';
import { importWords } from './features/import/i18n';
import { marketingWords } from './features/marketing/i18n';
import { privacyWords } from './features/people/privacy/i18n';
import { requestsWords } from './features/requests/i18n';
import { settingsWords } from './features/settings/i18n';
import { todayWords } from './features/today/i18n';

/** Each feature's own catalogues, by the feature's name. */
export const featureWords = {
  audit: auditWords,
  card: cardWords,
  contacts: contactsWords,
  duplicates: duplicatesWords,
  import: importWords,
  marketing: marketingWords,
  privacy: privacyWords,
  requests: requestsWords,
  settings: settingsWords,
  today: todayWords,
};

export const i18n = libI18n
  .with(auditWords)
  .with(cardWords)
  .with(contactsWords)
  .with(duplicatesWords)
  .with(importWords)
  .with(marketingWords)
  .with(privacyWords)
  .with(requestsWords)
  .with(settingsWords)
  .with(todayWords);
