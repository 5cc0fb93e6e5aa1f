// Personkortets egne ord på dansk.
import type { cardEn } from './en';

export const cardDa: Record<keyof typeof cardEn, string> = {
  'card.sections': 'Kortets dele',
  'card.details': 'Oplysninger',
  'card.auditLog': 'Åbn revisionsloggen for personen',
  'card.remove': 'Fjern fra registeret',
  'card.deleteExplain': 'Flytter personen til papirkurven i {days} dage: den forsvinder fra listerne, og du kan gendanne den så længe.',
  'card.eraseExplain': 'Sletter alt om personen med det samme, sådan som GDPR’s ret til sletning kræver, og beholder kun det, bogføringsloven kræver; det kan ikke fortrydes.',
};
