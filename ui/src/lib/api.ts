// The shapes of what the core's command table returns (see lagom_core::api).

export interface Status {
  exists: boolean;
  unlocked: boolean;
  vault_id: string | null;
  secret_key_remembered: boolean;
  user: string | null;
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
  created_at: string;
  updated_at: string;
  processing: ProcessingRecord[];
}
