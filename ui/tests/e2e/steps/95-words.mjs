// Every word in the reader's language. In Norwegian: a built-in purpose on a person's card
// (their consent and where their data came from) and in the import wizard, an import problem
// in the preview, and an audit log that shows names and words, never an internal key or an id.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const KEY = /\b[a-z]+_[a-z0-9_]+\b/;

export async function run(t) {
  const { page, byId, fail } = t;
  await byId('language').selectOption('nb');
  await page.getByRole('button', { name: 'Lås', exact: true }).waitFor();

  console.log('  a built-in purpose in Norwegian on the card');
  const bjorn = (await t.api('people.search', { query: 'bjorn kjaer' })).people[0];
  await t.api('consent.give', { person: bjorn.id, purpose: 'E-marketing', method: 'email' });
  await byId('nav-people').click();
  await byId('people-search').fill('bjorn kjaer');
  await byId('people-row').filter({ hasText: 'Bjørn Kjær' }).first().click();
  const card = byId('person-card');
  await card.locator('[data-testid="consent-row"]').getByText('E-markedsføring', { exact: true }).waitFor();
  await card.getByText(/^Salg og service, GDPR art\. 6 nr\. 1/).first().waitFor();
  if ((await card.textContent()).includes('E-marketing')) fail('the card names a built-in purpose in English');
  await t.shot('norsk-formal');
  await byId('person-close').click();
  await byId('people-search').fill('');

  console.log('  an import problem in Norwegian');
  const csv = join(t.work, 'ord.csv');
  writeFileSync(csv, 'Fornavn;Etternavn;E-post;Mobil\r\nOla;Ord;ola@ord.no;12\r\n');
  await byId('nav-import').click();
  await byId('import-file-input').setInputFiles([csv]);
  await byId('import-start').click();
  await page.locator('[data-step="columns"][data-busy="false"]').waitFor();
  await byId('import-next').click();
  await page.locator('[data-step="minimise"][data-busy="false"]').waitFor();
  await byId('import-next').click();
  await page.locator('[data-step="purpose"][data-busy="false"]').waitFor();
  const chosen = await byId('import-purpose').locator('option:checked').textContent();
  if (chosen.trim() !== 'Salg og service') fail(`the import's purpose reads ${chosen}`);
  await byId('import-next').click();
  await page.locator('[data-step="duplicates"][data-busy="false"]').waitFor();
  await byId('import-next').click();
  await page.locator('[data-step="preview"][data-busy="false"]').waitFor();
  const problems = byId('import-problems');
  await problems.getByText(/^ikke et gyldig telefonnummer for [A-Z]{2}.*; verdien ble utelatt$/).waitFor();
  if ((await problems.textContent()).includes('not a valid')) fail('an import problem is in English');
  await t.shot('norsk-importproblem');
  await byId('nav-people').click();

  console.log('  the audit log: names and words, no keys, no ids');
  await byId('nav-audit').click();
  await byId('audit-row').first().waitFor();
  const consent = byId('audit-row').filter({ hasText: 'E-markedsføring' }).first();
  await consent.waitFor();
  const table = await byId('audit-table').innerText();
  // Nor a word left in English where the catalogue has one.
  const ENGLISH = /\b(method|state|given|rows|unchanged|bad values|counts|failures|Purpose)\b/;
  const wrong = table.split('\n').filter((line) => ID.test(line) || KEY.test(line) || ENGLISH.test(line));
  if (wrong.length) fail(`the audit log shows internal keys or ids:\n${wrong.join('\n')}`);
  await t.shot('norsk-revisjonslogg');

  await byId('language').selectOption('en');
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
  await byId('nav-people').click();
}
