// The requests screen's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { requestsEn } from './en';
import { requestsNb } from './nb';
import { requestsSv } from './sv';
import { requestsDa } from './da';

export const requestsWords = {
  en: requestsEn,
  nb: requestsNb,
  sv: requestsSv,
  da: requestsDa,
} satisfies Words<keyof typeof requestsEn>;

export const i18n = libI18n.with(requestsWords);
