// The settings screen's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { settingsEn } from './en';
import { settingsNb } from './nb';
import { settingsSv } from './sv';
import { settingsDa } from './da';

export const settingsWords = {
  en: settingsEn,
  nb: settingsNb,
  sv: settingsSv,
  da: settingsDa,
} satisfies Words<keyof typeof settingsEn>;

export const i18n = libI18n.with(settingsWords);
