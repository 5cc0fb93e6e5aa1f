// The privacy panel's, consent's and notice's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../../lib/i18n/index.svelte';
import { privacyEn } from './en';
import { privacyNb } from './nb';
import { privacySv } from './sv';
import { privacyDa } from './da';

export const privacyWords = {
  en: privacyEn,
  nb: privacyNb,
  sv: privacySv,
  da: privacyDa,
} satisfies Words<keyof typeof privacyEn>;

export const i18n = libI18n.with(privacyWords);
