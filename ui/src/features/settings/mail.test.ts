import { describe, expect, it } from 'vitest';
import { mailPatch, type MailForm } from './mail';
import { linesOf } from './business';

const form: MailForm = {
  host: ' smtp.fjord.no ',
  port: '587',
  security: 'starttls',
  username: 'kari',
  password: '',
  forgetPassword: false,
  fromName: 'Fjord AS',
  fromAddress: 'post@fjord.no',
  certificate: '',
};

describe('mail settings patch', () => {
  it('keeps the stored password when the field is left empty', () => {
    const patch = mailPatch(form);
    expect(patch).not.toHaveProperty('password');
    expect(patch).toMatchObject({ host: 'smtp.fjord.no', port: 587, trusted_certificate: null });
  });

  it('replaces or forgets the password only when asked', () => {
    expect(mailPatch({ ...form, password: ' s3cret ' }).password).toBe(' s3cret ');
    expect(mailPatch({ ...form, password: 'typed', forgetPassword: true }).password).toBeNull();
  });

  it('an empty host turns sending off and an empty port goes back to the usual one', () => {
    expect(mailPatch({ ...form, host: '  ', port: '' })).toMatchObject({ host: null, port: null });
  });
});

describe('recipients', () => {
  it('one per line, trimmed, repeats dropped', () => {
    expect(linesOf(' Fiken (accounting)\n\nMailchimp\nfiken (accounting)\n')).toEqual([
      'Fiken (accounting)',
      'Mailchimp',
    ]);
  });
});

describe('retention months', () => {
  it('an empty field means "while customer"', async () => {
    const { monthsOrNull } = await import('./lists');
    expect(monthsOrNull('')).toBeNull();
    expect(monthsOrNull(' 24 ')).toBe(24);
  });
});
