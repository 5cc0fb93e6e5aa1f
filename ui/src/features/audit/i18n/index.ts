// The audit log's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { auditEn } from './en';
import { auditNb } from './nb';
import { auditSv } from './sv';
import { auditDa } from './da';

export const auditWords = {
  en: auditEn,
  nb: auditNb,
  sv: auditSv,
  da: auditDa,
} satisfies Words<keyof typeof auditEn>;

export const i18n = libI18n.with(auditWords);
