// The parts of the app an unlocked vault offers, in the order the navigation shows them.
export const sections = ['people', 'organisations', 'duplicates', 'requests', 'marketing', 'import', 'audit', 'settings'] as const;

export type Section = (typeof sections)[number];
