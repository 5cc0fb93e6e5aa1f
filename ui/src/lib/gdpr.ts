// What the GDPR screens need beside the generated types (`lib/api`): the ways a consent can
// be given, in the order the forms offer them.
import type { ConsentMethod } from './api';

export const consentMethods = ['web_form', 'email', 'phone', 'in_person', 'import'] as const satisfies readonly ConsentMethod[];
