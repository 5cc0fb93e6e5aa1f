// Personkortets egne ord på norsk bokmål.
import type { cardEn } from './en';

export const cardNb: Record<keyof typeof cardEn, string> = {
  'card.sections': 'Kortets deler',
  'card.details': 'Opplysninger',
  'card.auditLog': 'Åpne revisjonsloggen for personen',
  'card.remove': 'Fjern fra registeret',
  'card.deleteExplain': 'Flytter personen til papirkurven i {days} dager: den forsvinner fra listene, og du kan gjenopprette den så lenge.',
  'card.eraseExplain': 'Sletter alt om personen med en gang, slik GDPRs rett til sletting krever, og beholder bare det bokføringsloven krever; dette kan ikke angres.',
};
