// The duplicates screen's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { duplicatesEn } from './en';
import { duplicatesNb } from './nb';
import { duplicatesSv } from './sv';
import { duplicatesDa } from './da';

export const duplicatesWords = {
  en: duplicatesEn,
  nb: duplicatesNb,
  sv: duplicatesSv,
  da: duplicatesDa,
} satisfies Words<keyof typeof duplicatesEn>;

export const i18n = libI18n.with(duplicatesWords);
