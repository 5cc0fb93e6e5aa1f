// Where the start screen sends the owner: each line opens its own place in one click. The
// app's frame decides how (it owns the sections); the start screen only asks.

/** The settings cards the start screen can open. */
export type SettingsCard = 'rules' | 'housekeeping' | 'backup';

export interface Places {
  /** A person's card. */
  person: (id: string) => void;
  /** A request's card. */
  request: (id: string) => void;
  /** The request register. */
  requests: () => void;
  /** A card of the settings. */
  settings: (card: SettingsCard) => void;
  /** The archived people, or the recycle bin. */
  people: (shelf: 'archived' | 'bin') => void;
  /** The audit log. */
  audit: () => void;
  /** The pairs of possible duplicates. */
  duplicates: () => void;
}
