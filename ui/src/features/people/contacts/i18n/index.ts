// The words of a person's addresses and numbers in every language, and the translator the
// card's contact list and the person's form use for them: these words, the privacy panel's
// and lib's.
import { type Words } from '../../../../lib/i18n/index.svelte';
import { i18n as privacyI18n } from '../../privacy/i18n';
import { contactsEn } from './en';
import { contactsNb } from './nb';
import { contactsSv } from './sv';
import { contactsDa } from './da';

export const contactsWords = {
  en: contactsEn,
  nb: contactsNb,
  sv: contactsSv,
  da: contactsDa,
} satisfies Words<keyof typeof contactsEn>;

export const i18n = privacyI18n.with(contactsWords);
