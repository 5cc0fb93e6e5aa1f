// One word per concept in each language. A reader who meets "Stikkord" on one screen and
// "Etiketter" on the next asks whether they are two things; so each concept has its word, and
// the words a translation might reach for instead are banned. The test over every catalogue
// (src/glossary.test.ts) fails on a banned word and on a glossary word no catalogue uses.
import type { Locale } from './index.svelte';

/** A concept's word in one language, and the synonyms that must not stand in for it. Each
 * banned entry is a regular expression matched at the start of a word, ignoring case. */
export type Term = { word: string; banned: string[] };

export type Concept = {
  /** What the word names, in English. */
  concept: string;
  /** Only messages whose key matches: for a word that is right elsewhere for another
   * concept ("fjern" removes a filter but does not delete a person). */
  keys?: RegExp;
} & Partial<Record<Locale, Term>>;

export const GLOSSARY: Concept[] = [
  {
    concept: 'a tag on a person',
    nb: { word: 'stikkord', banned: ['tagg', 'etikett'] },
    sv: { word: 'tagg', banned: ['etikett'] },
    da: { word: 'tag', banned: ['etiket', 'mærkat'] },
  },
  {
    concept: 'a data subject’s request (GDPR Art. 12–22)',
    en: { word: 'request', banned: ['enquir'] },
    nb: { word: 'henvendelse', banned: ['forespørs'] },
    sv: { word: 'begäran', banned: ['förfrågan', 'förfrågningar'] },
    da: { word: 'anmodning', banned: ['forespørgsel', 'henvendelse'] },
  },
  {
    concept: 'e-mail',
    en: { word: 'e-mail', banned: ['email'] },
    nb: { word: 'e-post', banned: ['epost', 'e-mail', 'mejl'] },
    sv: { word: 'e-post', banned: ['e-mail', 'mejl'] },
    da: { word: 'e-mail', banned: ['e-post', 'email'] },
  },
  {
    concept: 'the legal basis of processing (GDPR Art. 6)',
    en: { word: 'legal basis', banned: ['lawful basis'] },
    nb: { word: 'behandlingsgrunnlag', banned: ['rettslig(e)? grunnlag', 'lovlig grunnlag'] },
    sv: { word: 'rättslig grund', banned: ['laglig grund', 'behandlingsgrund'] },
    da: { word: 'behandlingsgrundlag', banned: ['retsgrundlag', 'lovligt grundlag'] },
  },
  {
    concept: 'an organisation people work for',
    // Organisasjonsnummer is the register's own word for its number.
    nb: { word: 'virksomhet', banned: ['organisasjon(?!snummer|snumre)'] },
  },
  {
    concept: 'deleting or erasing for good (the action and what it takes away)',
    keys: /^(delete|erase)\./,
    en: { word: 'erase', banned: ['remove'] },
    nb: { word: 'slett', banned: ['fjern'] },
    sv: { word: 'radera', banned: ['ta(s|r)? bort'] },
    da: { word: 'slet', banned: ['fjern'] },
  },
  {
    concept: 'the recycle bin',
    nb: { word: 'papirkurv', banned: ['søppel'] },
    sv: { word: 'papperskorg', banned: ['soptunna'] },
    da: { word: 'papirkurv', banned: ['skraldespand'] },
  },
  {
    concept: 'the vault',
    en: { word: 'vault', banned: ['database file'] },
    nb: { word: 'hvelv', banned: ['safe\\b', 'bankboks'] },
    sv: { word: 'valv', banned: ['kassaskåp'] },
    da: { word: 'boks', banned: ['hvælving', 'pengeskab'] },
  },
  {
    concept: 'the privacy notice (GDPR Art. 13/14)',
    sv: { word: 'integritetsmeddelande', banned: ['integritetspolicy'] },
    da: { word: 'privatlivsmeddelelse', banned: ['privatlivspolitik', 'privatlivserklæring'] },
  },
  {
    concept: 'a purpose of processing',
    nb: { word: 'formål', banned: ['hensikt'] },
    sv: { word: 'ändamål', banned: ['syfte'] },
    da: { word: 'formål', banned: ['hensigt'] },
  },
];

/** Where a text uses a banned word: the word as written, or null. Placeholders are left out. */
export function bannedIn(text: string, term: Term): string | null {
  const plain = text.replace(/\{\w+\}/g, '');
  for (const banned of term.banned) {
    const found = new RegExp(`(?<![\\p{L}\\p{N}-])(${banned})`, 'iu').exec(plain);
    if (found) return found[1] ?? found[0];
  }
  return null;
}
