// The parts of the app an unlocked vault offers, in the order the navigation shows them; the
// first is where the app opens after an unlock.
export const sections = ['today', 'people', 'organisations', 'duplicates', 'requests', 'marketing', 'import', 'audit', 'settings'] as const;

export type Section = (typeof sections)[number];
