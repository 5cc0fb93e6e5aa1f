// The person card's words in every language, and the translator the card uses: these words,
// the privacy panel's and lib's.
import { type Words } from '../../../../lib/i18n/index.svelte';
import { i18n as privacyI18n } from '../../privacy/i18n';
import { cardEn } from './en';
import { cardNb } from './nb';
import { cardSv } from './sv';
import { cardDa } from './da';

export const cardWords = {
  en: cardEn,
  nb: cardNb,
  sv: cardSv,
  da: cardDa,
} satisfies Words<keyof typeof cardEn>;

export const i18n = privacyI18n.with(cardWords);
