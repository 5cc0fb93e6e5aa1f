// The mail form's values → the core's `mail.settings.set` patch. The core checks every
// field; this only says what changed shape: empty means "not set".
import type { Security as MailSecurity } from '../../lib/api';

export const DEFAULT_PORTS: Record<MailSecurity, number> = { starttls: 587, tls: 465, none: 25 };

export interface MailForm {
  host: string;
  port: string;
  security: MailSecurity;
  username: string;
  /** Empty: keep the stored password. */
  password: string;
  forgetPassword: boolean;
  fromName: string;
  fromAddress: string;
  certificate: string;
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

export function mailPatch(form: MailForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {
    host: orNull(form.host),
    security: form.security,
    port: form.port.trim() === '' ? null : Number(form.port),
    username: orNull(form.username),
    from_name: orNull(form.fromName),
    from_address: orNull(form.fromAddress),
    trusted_certificate: orNull(form.certificate),
  };
  if (form.forgetPassword) patch.password = null;
  else if (form.password !== '') patch.password = form.password;
  return patch;
}
