// The import wizard's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { importEn } from './en';
import { importNb } from './nb';
import { importSv } from './sv';
import { importDa } from './da';

export const importWords = {
  en: importEn,
  nb: importNb,
  sv: importSv,
  da: importDa,
} satisfies Words<keyof typeof importEn>;

export const i18n = libI18n.with(importWords);
