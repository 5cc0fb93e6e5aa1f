// An erased person stays erased: Sigrid is added through the form and erased for good from
// her card (the dialog says a suppression record of keyed hashes is kept), Torvald is erased
// for an erasure request. A file with both of them reads them as erased in the preview, with
// the day and the request, and the counts say why they are left out; nothing is imported.
// Adding Sigrid again asks first: "Cancel" adds nobody, and with a reason she is registered
// again, which the audit log names. She goes to the recycle bin at the end, so the people in
// use are as the later steps count them.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');
const SIGRID = { first_name: 'Sigrid', last_name: 'Glemsk', email: 'sigrid@glemsk.no', phone: '+47 412 34 567' };

async function fillForm(t) {
  const { byId } = t;
  await byId('nav-people').click();
  await byId('people-new').click();
  await byId('person-form').waitFor();
  for (const [field, value] of Object.entries(SIGRID)) await byId(`person-field-${field}`).fill(value);
}

export async function run(t) {
  const { page, byId, fail } = t;

  console.log('  added, then erased for good from her card');
  await fillForm(t);
  await byId('person-form-save').click();
  const card = byId('person-card');
  await card.getByRole('heading', { name: 'Sigrid Glemsk' }).waitFor();
  await byId('person-erase').click();
  const keeps = byId('erase-suppression');
  await keeps
    .getByText(/^A suppression record is kept: (\d+ keyed hashes of their addresses and numbers, never the values|one keyed hash of their address or number, never the value), so that they are not added again/)
    .waitFor();
  await t.shot('erase-suppression');
  await byId('erase-understood').check();
  await byId('erase-confirm').click();
  await byId('erase-done').waitFor();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await card.waitFor({ state: 'detached' });
  if ((await t.api('people.search', { query: 'sigrid glemsk' })).people.length) fail('Sigrid is still found');

  console.log('  Torvald erased for an erasure request');
  const torvald = await t.api('person.create', { fields: { first_name: 'Torvald', last_name: 'Utgått', email: 'torvald@utgatt.no' } });
  const request = await t.api('request.new', { kind: 'erasure', people: [torvald.id] });
  await t.api('request.identity', { request: request.number, identity: 'verified' });
  await t.api('person.erase', { person: torvald.id, request: request.number });

  console.log('  a file with both: their rows erased in the preview, and left out');
  await byId('nav-import').click();
  await byId('import-file-input').setInputFiles([join(fixtures, 'slettet_igjen.csv')]);
  await byId('import-start').click();
  await page.locator('[data-step="columns"][data-busy="false"]').waitFor();
  for (const step of ['minimise', 'purpose', 'duplicates', 'preview']) {
    await byId('import-next').click();
    await page.locator(`[data-step="${step}"][data-busy="false"]`).waitFor();
  }
  const rows = byId('import-preview');
  const erased = rows.locator('tr[data-action="erased"]');
  // The day as the screens write days ("5 Dec 2026"), never as stored.
  const day = '\\d{1,2} [A-Z][a-z]{2,3} \\d{4}';
  await erased
    .filter({ hasText: 'Sigrid' })
    .getByRole('cell', { name: new RegExp(`^erased on ${day}: not imported$`) })
    .waitFor();
  await erased
    .filter({ hasText: 'Torvald' })
    .getByRole('cell', { name: new RegExp(`^erased on ${day} \\(request ${request.number}\\): not imported$`) })
    .waitFor();
  await rows.locator('tr[data-action="new"]').filter({ hasText: 'Helga' }).waitFor();
  if ((await erased.count()) !== 2) fail(`${await erased.count()} rows shown as erased`);
  await byId('import-counts').locator('[data-count="erased"]').getByText('2', { exact: true }).waitFor();
  await byId('import-erased').getByText('2 rows left out: an earlier erasure covers them.', { exact: false }).waitFor();
  await t.accessible('import preview with erased rows');
  await t.shot('import-erased');
  await byId('import-step').getByRole('button', { name: 'Start over' }).click();
  await byId('import-start').waitFor();

  console.log('  added again: asked first; "Cancel" adds nobody');
  await fillForm(t);
  await byId('person-form-save').click();
  const dialog = byId('erased-again-dialog');
  await dialog.getByRole('heading', { name: 'This person was erased earlier' }).waitFor();
  await dialog.getByText('Lagom keeps only keyed hashes of their addresses and numbers', { exact: false }).waitFor();
  await byId('erased-again-record').getByText(/^this person was erased on \d{4}-\d{2}-\d{2}: /).waitFor();
  await dialog.getByText('Register them again only if they asked for it themselves', { exact: false }).waitFor();
  if (!(await byId('erased-again-register').isDisabled())) fail('"Register again" is offered without a reason');
  await t.accessible('erased person added again');
  await t.shot('erased-again');
  await byId('erased-again-cancel').click();
  await dialog.waitFor({ state: 'detached' });
  await byId('person-form').waitFor();
  if ((await t.api('people.search', { query: 'sigrid glemsk' })).people.length) fail('"Cancel" added Sigrid');

  console.log('  with a reason she is registered again, and the audit log says so');
  await byId('person-form-save').click();
  await byId('erased-again-reason').fill('Came back as a customer and asked to be registered again.');
  await byId('erased-again-register').click();
  await card.getByRole('heading', { name: 'Sigrid Glemsk' }).waitFor();
  await byId('person-close').click();
  await card.waitFor({ state: 'detached' });
  const found = (await t.api('people.search', { query: 'sigrid glemsk' })).people;
  if (found.length !== 1) fail(`${found.length} Sigrids after registering her again`);
  await byId('nav-audit').click();
  await byId('audit-kind').selectOption('suppression.lifted');
  const event = byId('audit-row').first();
  await event.getByText('Erased person registered again').waitFor();
  await event.getByText('Came back as a customer and asked to be registered again.').waitFor();

  await t.api('person.delete', { person: found[0].id });
  await byId('nav-people').click();
  await byId('people-search').fill('');
}
