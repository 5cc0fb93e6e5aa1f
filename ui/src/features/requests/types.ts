// The shapes of the request register's answers (see lagom_core::rights::requests).

import type { Delivery } from '../../lib/api';

export const requestKinds = ['access', 'rectification', 'erasure', 'restriction', 'portability', 'objection'] as const;
export type RequestKind = (typeof requestKinds)[number];
export const requestStatuses = ['open', 'done', 'refused', 'withdrawn'] as const;
export type RequestStatus = (typeof requestStatuses)[number];
export type IdentityCheck = 'unchecked' | 'verified' | 'failed';
export type Urgency = 'overdue' | 'due_soon' | 'on_time';

export interface RequestPerson {
  id: string;
  /** Null once the person is erased. */
  name: string | null;
  pseudonym: string | null;
}

export interface RequestLine {
  id: string;
  number: string;
  kind: RequestKind;
  people: RequestPerson[];
  received_on: string;
  due_on: string;
  extended: boolean;
  identity: IdentityCheck;
  status: RequestStatus;
  urgency: Urgency | null;
  days_left: number | null;
}

export interface RequestAction {
  at: string;
  actor: string | null;
  action: string;
  detail: unknown;
}

export interface RequestView extends RequestLine {
  extended_on: string | null;
  extension_reason: string | null;
  channel: string;
  description: string;
  closed_on: string | null;
  outcome: string;
  created_at: string;
  actions: RequestAction[];
}

export interface RequestSummary {
  open: number;
  overdue: number;
  due_soon: number;
  requests: RequestLine[];
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
  consents: number;
  subscriptions: number;
  tags: number;
  processing_records: number;
  deals_detached: number;
  requests_pseudonymised: number;
  import_log_entries: number;
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
