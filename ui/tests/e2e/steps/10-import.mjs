// The import wizard: a Nordic Excel CSV (Windows-1252, semicolons, a title row, a sensitive
// column, a bad e-mail) and a workbook whose people are on its second sheet, together. One
// row matches someone already in the vault (by e-mail, in capitals), one matches a row of
// the other file. Then a large file is started and cancelled, leaving nothing.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** Excel's "CSV (semicolon)" on a Nordic Windows: Windows-1252, which for these letters is
 * the same bytes as Latin-1. */
function nordicCsv(path, lines) {
  writeFileSync(path, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
}

async function countOf(t, key) {
  return Number((await t.page.locator(`[data-count="${key}"]`).first().textContent()).replace(/\D/g, ''));
}

async function settled(t) {
  // Every change asks the core for a new plan; the controls are disabled until it answers.
  await t.page.locator('[data-testid="import-step"][data-busy="false"]').waitFor();
}

export async function run(t) {
  const { page, byId, fail } = t;
  const csv = join(t.work, 'kunder gammel.csv');
  nordicCsv(csv, [
    'Kunder fra gamle Excel;;;;;;',
    'Fornavn;Etternavn;E-post;Mobil;Firma;Helseopplysninger;Kommentar',
    'Per;Hansen;per.hansen@example.no;413 22 100;Hansen Bygg;;Ringer ofte på fredager',
    'Liv;Ødegård;liv@ødegård;;;;',
    'Siri;Lie;siri@lie.no;+46 70 123 45 67;;Allergi mot nøtter;',
  ]);

  await byId('nav-import').click();
  await byId('import-history').or(page.getByText('Nothing imported yet.')).first().waitFor();
  await t.accessible('import: files');
  await byId('import-file-input').setInputFiles([csv, join(fixtures, 'kunder.xlsx')]);
  await page.getByText('kunder gammel.csv', { exact: true }).waitFor();
  await t.shot('import-files');
  await byId('import-start').click();

  console.log('  the sheet: the workbook opens on its cover, the people are on "Kunder"');
  await page.locator('[data-step="sheets"]').waitFor();
  await byId('import-sheet').selectOption('Kunder');
  await settled(t);
  await t.shot('import-sheet');
  await byId('import-next').click();

  console.log('  the columns, with how sure each guess is');
  await page.locator('[data-step="columns"]').waitFor();
  const csvColumns = byId('import-columns').first();
  await csvColumns.getByText('sensitive (GDPR Art. 9)').waitFor();
  await csvColumns.getByRole('combobox', { name: 'What the column Mobil holds' }).waitFor();
  if ((await csvColumns.getByRole('combobox', { name: 'What the column E-post holds' }).inputValue()) !== 'email') {
    fail('E-post was not taken for the e-mail');
  }
  await t.accessible('import: columns');
  await t.shot('import-columns');
  await byId('import-next').click();

  console.log('  keep only what is needed');
  await page.locator('[data-step="minimise"]').waitFor();
  await byId('import-dropped').getByText('Helseopplysninger').waitFor();
  await t.accessible('import: minimisation');
  await t.shot('import-minimise');
  await byId('import-next').click();

  console.log('  purpose and legal basis');
  await page.locator('[data-step="purpose"]').waitFor();
  if ((await byId('import-purpose').inputValue()) !== 'Sales and service') fail('no default purpose');
  await t.shot('import-purpose');
  await byId('import-next').click();

  console.log('  duplicates side by side, one decided on its own');
  await page.locator('[data-step="duplicates"]').waitFor();
  const bjorn = byId('import-duplicate').filter({ hasText: 'Bjørn Kjær' });
  await bjorn.getByText('same e-mail').waitFor();
  await bjorn.getByRole('cell', { name: 'Bergen' }).first().waitFor();
  await byId('import-duplicate').filter({ hasText: 'Per Hansen' }).getByText('kunder gammel.csv, row 3', { exact: false }).waitFor();
  await bjorn.locator('[data-testid="import-duplicate-action"]').selectOption('skip');
  await settled(t);
  await t.accessible('import: duplicates');
  await byId('import-next').click();
  await page.locator('[data-step="preview"]').waitFor();
  if ((await countOf(t, 'updated')) !== 0 || (await countOf(t, 'skipped')) !== 1) fail('skipping Bjørn did not count');
  await byId('import-step').getByRole('button', { name: 'Back' }).click();
  await bjorn.locator('[data-testid="import-duplicate-action"]').selectOption('merge');
  await settled(t);
  await t.shot('import-duplicates');
  await byId('import-next').click();

  console.log('  the preview, with the problems and their places');
  await page.locator('[data-step="preview"]').waitFor();
  const expected = { rows: 7, created: 5, updated: 1, merged: 1, rejected: 0 };
  for (const [key, value] of Object.entries(expected)) {
    const got = await countOf(t, key);
    if (got !== value) fail(`plan: ${key} is ${got}, expected ${value}`);
  }
  await byId('import-problems').getByText('E-post').first().waitFor();
  await t.accessible('import: preview');
  await t.shot('import-preview');
  await byId('import-commit').click();

  console.log('  imported');
  await byId('import-done').waitFor();
  if ((await countOf(t, 'created')) !== 5) fail("the import did not create 5 people");
  await byId('import-history').getByText('kunder gammel.csv, kunder.xlsx').waitFor();
  await t.shot('import-report');

  console.log('  a large file, cancelled while it runs: nothing is left');
  const big = join(t.work, 'stor.csv');
  const lines = ['Fornavn;Etternavn;E-post;Mobil'];
  for (let i = 0; i < 40000; i++) lines.push(`Navn${i};Stor;stor${i}@example.no;9${String(i).padStart(7, '0')}`);
  nordicCsv(big, lines);
  await byId('import-again').click();
  await byId('import-file-input').setInputFiles([big]);
  await byId('import-start').click();
  // Reading it shows how far it has come.
  await page.locator('.reading progress').waitFor({ timeout: 60000 });
  await t.shot('import-reading');
  await page.locator('[data-step="columns"]').waitFor({ timeout: 120000 });
  for (const step of ['minimise', 'purpose', 'duplicates', 'preview']) {
    await byId('import-next').click();
    await page.locator(`[data-step="${step}"][data-busy="false"]`).waitFor({ timeout: 120000 });
  }
  await byId('import-commit').click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="import-progress"]')?.getAttribute('value') ?? 0) > 0,
    null,
    { timeout: 120000 },
  );
  await t.shot('import-progress');
  await byId('import-cancel').click();
  await page.getByText('Cancelled. Nothing was changed.').waitFor({ timeout: 120000 });
  const people = await t.api('people.list', { limit: 1 });
  if (people.total !== 1502 + 5) fail(`after the cancelled import there are ${people.total} people`);
  await byId('import-step').getByRole('button', { name: 'Start over' }).click();

  console.log('  the new people are in the list, with where they came from');
  await byId('nav-people').click();
  await byId('people-search').fill('Kari Nordmann');
  await byId('people-row').filter({ hasText: 'Kari Nordmann' }).first().click();
  await byId('person-card').getByText('import: kunder.xlsx', { exact: false }).waitFor();
  // From the card to the audit log about this person: the read just now is there.
  await byId('person-history').click();
  await byId('audit-person-chosen').getByText('Kari Nordmann').waitFor();
  await page.getByRole('cell', { name: 'Kari Nordmann' }).first().waitFor();
  await byId('nav-people').click();
  await byId('people-search').fill('');
}
