// The marketing lists' words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { marketingEn } from './en';
import { marketingNb } from './nb';
import { marketingSv } from './sv';
import { marketingDa } from './da';

export const marketingWords = {
  en: marketingEn,
  nb: marketingNb,
  sv: marketingSv,
  da: marketingDa,
} satisfies Words<keyof typeof marketingEn>;

export const i18n = libI18n.with(marketingWords);
