// Personkortets egna ord på svenska.
import type { cardEn } from './en';

export const cardSv: Record<keyof typeof cardEn, string> = {
  'card.sections': 'Kortets delar',
  'card.details': 'Uppgifter',
  'card.auditLog': 'Öppna granskningsloggen för personen',
  'card.remove': 'Ta bort ur registret',
  'card.deleteExplain': 'Flyttar personen till papperskorgen i {days} dagar: den försvinner ur listorna, och du kan återställa den så länge.',
  'card.eraseExplain': 'Raderar allt om personen direkt, så som GDPR:s rätt till radering kräver, och behåller bara det som bokföringslagen kräver; det går inte att ångra.',
};
