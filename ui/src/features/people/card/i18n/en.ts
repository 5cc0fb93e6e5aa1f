// The person card's own words in English (its sections and how removing differs from
// erasing), the reference for the other languages.
export const cardEn = {
  'card.sections': 'Sections of the card',
  'card.details': 'Details',
  'card.auditLog': 'Open the audit log on them',
  'card.remove': 'Remove from the register',
  'card.deleteExplain': 'Moves them to the recycle bin for {days} days: they leave the lists, and you can restore them until then.',
  'card.eraseExplain': 'Erases everything about them at once, as the GDPR’s right to erasure asks, keeping only what the bookkeeping law requires; this cannot be undone.',
};
