// The start screen's words in every language, and the translator this feature uses: its own words and lib's.
import { i18n as libI18n, type Words } from '../../../lib/i18n/index.svelte';
import { todayEn } from './en';
import { todayNb } from './nb';
import { todaySv } from './sv';
import { todayDa } from './da';

export const todayWords = {
  en: todayEn,
  nb: todayNb,
  sv: todaySv,
  da: todayDa,
} satisfies Words<keyof typeof todayEn>;

/** A key of the start screen's own words. */
export type TodayKey = keyof typeof todayEn;

export const i18n = libI18n.with(todayWords);
