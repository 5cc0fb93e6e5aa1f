// The shapes of what the core's command table returns (see lagom_core::api).
import type { Consent, Limitation } from './gdpr';

export interface Status {
  exists: boolean;
  unlocked: boolean;
  vault_id: string | null;
  secret_key_remembered: boolean;
  user: string | null;
  /** The computer's local date as the core's clock sees it, `YYYY-MM-DD`; a core older than
   *  this field sends none (see `lib/today.svelte.ts`). */
  today?: string;
}

export interface Created {
  vault_id: string;
  secret_key: string;
  secret_key_remembered: boolean;
  kit_html: string;
}

export type PersonStatus = 'prospect' | 'customer' | 'former_customer' | 'partner' | 'other';

export interface PersonSummary {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  organisation: string | null;
  status: PersonStatus;
}

export interface PersonPage {
  people: PersonSummary[];
  total: number;
}

export interface ProcessingRecord {
  purpose: string;
  legal_basis: string;
  source: string;
  recorded_at: string;
  recorded_by: string;
}

export interface Note {
  id: string;
  body: string;
  private: boolean;
  author: string;
  created_at: string;
}

export interface Deal {
  id: string;
  title: string;
  stage: 'lead' | 'qualified' | 'proposal' | 'won' | 'lost';
  value_minor: number | null;
  currency: string | null;
  expected_close: string | null;
  owner: string;
}

export interface PersonView {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  status: PersonStatus;
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
  organisation: { id: string; name: string } | null;
  tags: string[];
  category: string | null;
  created_at: string;
  updated_at: string;
  processing: ProcessingRecord[];
  notes: Note[];
  deals: Deal[];
  /** Per purpose: where consent stands and its whole ledger. */
  consents: Consent[];
  /** The subscriptions they are on, by name. */
  subscriptions: string[];
  /** Restriction of processing (Art. 18), while in force. */
  restriction: Limitation | null;
  /** Objection (Art. 21), while in force. */
  objection: Limitation | null;
}

export type PeopleSort = 'name' | 'created' | 'updated';

/** `people.list`: every filter given must hold; names are matched ignoring case. */
export interface PeopleQuery {
  search?: string;
  tag?: string;
  category?: string;
  owner?: string;
  status?: PersonStatus;
  source?: string;
  organisation?: string;
  sort?: PeopleSort;
  descending?: boolean;
  limit?: number;
  offset?: number;
}

export interface FilterChoice {
  value: string;
  label: string;
  people: number;
}

/** `people.filters`: what the list can be filtered by, with how many people have each. */
export interface PeopleFilters {
  tags: FilterChoice[];
  categories: FilterChoice[];
  owners: FilterChoice[];
  statuses: FilterChoice[];
  sources: FilterChoice[];
}

export interface PersonFields {
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  organisation: string | null;
  status: PersonStatus;
  tags: string[];
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
}

/** `person.update`'s patch: absent leaves a field alone, `""` clears it. */
export type PersonPatch = Partial<Omit<PersonFields, 'tags'>> & {
  category?: string;
  add_tags?: string[];
  remove_tags?: string[];
};

export interface Purpose {
  name: string;
  default_legal_basis: string;
  description: string;
}

export interface OrganisationSummary {
  id: string;
  name: string;
  city: string | null;
  people: number;
}

export interface OrganisationPage {
  organisations: OrganisationSummary[];
  total: number;
}

export interface OrganisationFields {
  name: string;
  org_number: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  country: string | null;
}

export interface OrganisationView extends OrganisationFields {
  id: string;
  category: string | null;
  tags: string[];
  people_count: number;
  people: PersonSummary[];
  created_at: string;
  updated_at: string;
}

/** An audit event as the log shows it (`audit.list`): ids, field names and counts, with the
 *  names of the acting user and of a person or organisation still in the vault. */
export interface AuditEntry {
  seq: number;
  id: string;
  at: string;
  actor_id: string | null;
  kind: string;
  subject_kind: string | null;
  subject_id: string | null;
  detail: Record<string, unknown> | string;
  actor_name: string | null;
  subject_name: string | null;
}

export type ChainProblem =
  | { problem: 'altered'; seq: number }
  | { problem: 'broken'; seq: number }
  | { problem: 'missing'; from: number; to: number }
  | { problem: 'tail_removed'; expected_last: number; found_last: number }
  | { problem: 'head_altered' }
  | { problem: 'beginning_removed' };

/** `audit.verify`: the whole chain checked. */
export interface ChainReport {
  intact: boolean;
  events: number;
  problems: ChainProblem[];
}

export type Language = 'en' | 'nb' | 'sv' | 'da';

/** `settings.get` / `settings.set`: the vault's settings, checked by the core. */
export interface Settings {
  auto_lock_minutes: number;
  language: Language | null;
}

/** `vault.rotate_key`: the new secret key and emergency kit, shown once. */
export type Rotated = Created;

/** The business behind the vault, as notices name it (`business.get`). */
export interface Business {
  name: string | null;
  org_number: string | null;
  address: string | null;
  email: string | null;
  country: string | null;
  recipients: string[];
}

export type MailSecurity = 'starttls' | 'tls' | 'none';

/** The mail server settings, never the password (`mail.settings.get`). */
export interface MailSettings {
  configured: boolean;
  host: string | null;
  port: number;
  security: MailSecurity;
  username: string | null;
  password_set: boolean;
  from_name: string | null;
  from_address: string | null;
  trusted_certificate: string | null;
}

/** How a message left: through the server, or saved as an .eml file. */
export type Delivery = { delivery: 'sent'; message_id: string } | { delivery: 'saved'; path: string };
