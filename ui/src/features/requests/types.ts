// The request register's shapes are the core's, generated into lib/api (see
// lagom_core::rights::requests); here only the kinds and states the screens list, in order.
import type { RequestKind, RequestStatus } from '../../lib/api';

export type {
  IdentityCheck,
  RequestAction,
  RequestKind,
  RequestLine,
  RequestPerson,
  RequestStatus,
  RequestSummary,
  RequestView,
  Urgency,
} from '../../lib/api';

export const requestKinds = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
] as const satisfies readonly RequestKind[];
export const requestStatuses = ['open', 'done', 'refused', 'withdrawn'] as const satisfies readonly RequestStatus[];
