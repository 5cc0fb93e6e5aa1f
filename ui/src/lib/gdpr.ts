// The shapes of the GDPR commands' answers: consent and lists (lagom_core::consent), notices,
// marketing lists, subject-access exports and erasure (lagom_core::rights, lagom_core::erasure).
import type { Delivery, Language } from './api';

export type ConsentState = 'pending' | 'given' | 'withdrawn';
export const consentMethods = ['web_form', 'email', 'phone', 'in_person', 'import'] as const;
export type ConsentMethod = (typeof consentMethods)[number];

export interface ConsentText {
  id: string;
  purpose: string;
  language: Language;
  version: number;
  body: string;
  sha256: string;
  created_at: string;
  created_by: string;
}

export type PrivacyNoticeVersion = Omit<ConsentText, 'purpose'>;

export interface ConsentEvent {
  id: string;
  purpose: string;
  state: ConsentState;
  method: ConsentMethod;
  occurred_at: string;
  recorded_at: string;
  recorded_by: string;
  evidence: string;
  text: ConsentText | null;
  notice: { id: string; language: Language; version: number; sha256: string } | null;
  confirmation: {
    sent_at: string | null;
    confirmed_at: string | null;
    how: 'code' | 'reply' | null;
    wrong_codes: number;
    expires_at: string | null;
    expired_at: string | null;
  } | null;
}

export interface Consent {
  purpose: string;
  state: ConsentState;
  valid: boolean;
  since: string;
  expired: boolean;
  history: ConsentEvent[];
}

export interface Limitation {
  since: string;
  reason: string;
}

export type LegalBasisCode = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

export interface Purpose {
  id: string;
  name: string;
  description: string;
  default_legal_basis: LegalBasisCode;
  retention_months: number | null;
  archived: boolean;
}

export interface Source {
  id: string;
  name: string;
  archived: boolean;
}

export interface SubscriptionType {
  id: string;
  name: string;
  purpose_id: string;
  purpose: string;
  archived: boolean;
}

export interface Lists {
  purposes: Purpose[];
  sources: Source[];
  subscription_types: SubscriptionType[];
  legal_bases: { code: LegalBasisCode; name: string; article: string }[];
}

export interface Notice {
  person_id: string;
  language: Language;
  from_other_sources: boolean;
  subject: string;
  text: string;
  html: string;
  outcome?: { delivery: 'sent'; message_id: string } | { delivery: 'saved' | 'written'; path: string };
}

export interface MarketingList {
  purpose: string;
  subscription: string | null;
  included: number;
  left_out: {
    no_consent: number;
    pending: number;
    withdrawn: number;
    restricted: number;
    objected: number;
    not_subscribed: number;
    no_email: number;
  };
  file: string;
}

export interface SubjectExport {
  format: 'zip' | 'folder' | 'json' | 'email';
  path: string | null;
  files: string[];
  bytes: number;
  passphrase: string | null;
  request: string | null;
  /** For `email`: how the message left. */
  delivery: Delivery | null;
}

export interface ErasureCounts {
  notes: number;
  deal_notes: number;
  consents: number;
  subscriptions: number;
  tags: number;
  processing_records: number;
  deals_detached: number;
  requests_pseudonymised: number;
  import_log_entries: number;
  request_texts_cleared: number;
  invoices_kept: number;
  invoices_deleted: number;
}

export interface InvoiceOutcome {
  number: string;
  issued_on: string;
  amount_minor: number;
  currency: string;
  country: string | null;
  keep_until: string | null;
}

export interface ErasurePreview {
  person: string;
  counts: ErasureCounts;
  invoices_kept: InvoiceOutcome[];
  invoices_deleted: InvoiceOutcome[];
}

export interface ErasureReport {
  person: string;
  pseudonym: string;
  counts: ErasureCounts;
  invoices_kept: InvoiceOutcome[];
  request: string | null;
}
