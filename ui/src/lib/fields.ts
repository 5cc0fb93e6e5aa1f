// Which field a refusal names. The core's validation errors read "field: reason" with the
// field as the core names it (`grace_days`, `after_months`, `rules`, …), so a form can show
// the reason beside the field it is about; any other error stays the form's own.
import { BackendError } from './backend/backend';

export interface FieldRefusal {
  field: string;
  reason: string;
}

/** The field a validation error names and why, or null for any other error. */
export function refusedField(error: unknown): FieldRefusal | null {
  if (!(error instanceof BackendError) || error.code !== 'validation') return null;
  const m = /^([a-z][a-z0-9_]*): (.+)$/s.exec(error.message.trim());
  return m?.[1] && m[2] ? { field: m[1], reason: m[2] } : null;
}

/** Whether the error is one a form shows beside one of `fields` (and not as its own). */
export function belongsTo(error: unknown, fields: readonly string[]): boolean {
  const refusal = refusedField(error);
  return refusal !== null && fields.includes(refusal.field);
}
