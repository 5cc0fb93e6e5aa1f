// The shapes of the request register's answers (see lagom_core::rights::requests).

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
