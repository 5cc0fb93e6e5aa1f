// The import's phone country, file by file: a Swedish list (Swedish headers, .se addresses,
// numbers without a country code) shows how its numbers are read and why; choosing Norway
// for it plans again and its Stockholm number is listed as a problem; choosing Sweden reads
// every number with +46 in the preview. Nothing is imported: the wizard starts over.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');

async function settled(t) {
  await t.page.locator('[data-testid="import-step"][data-busy="false"]').waitFor();
}

export async function run(t) {
  const { page, byId, fail } = t;
  const country = () => page.locator('[data-testid="import-country"][data-file="svenska_kunder.csv"]');
  await byId('nav-import').click();
  await byId('import-file-input').setInputFiles([join(fixtures, 'svenska_kunder.csv')]);
  await byId('import-start').click();
  await page.locator('[data-step="columns"][data-busy="false"]').waitFor();

  console.log('  the file says how its numbers are read, and why');
  const block = country().first();
  await block.getByText(/^Phone numbers without a country code are read as numbers in .+\.$/).waitFor();
  const source = await block.getAttribute('data-source');
  const told = await block.getAttribute('data-country');
  console.log(`  read as ${told} (${source})`);
  const why = {
    chosen: 'You chose this country for this file.',
    inferred: 'Told from the file:',
    vault: 'The file does not tell, so the country set for your business is used (Norway while none is set). Change it in Settings, under Your business.',
  }[source];
  if (!why) fail(`no source for the phone country: ${source}`);
  await block.getByText(why).waitFor();
  if (source === 'inferred') {
    // Each piece of evidence in words: the Swedish headings, the .se addresses.
    await block.getByText(/headings in the language of Sweden/).waitFor();
    await block.getByText(/e-mail addresses end in \.se/).waitFor();
  }
  await block.scrollIntoViewIfNeeded();
  await t.accessible('import: phone country');
  await t.shot('import-country');

  console.log('  read as Norwegian: the Stockholm number is a problem; as Swedish: +46');
  for (const step of ['minimise', 'purpose', 'duplicates', 'preview']) {
    await byId('import-next').click();
    await page.locator(`[data-step="${step}"][data-busy="false"]`).waitFor();
  }
  const preview = country().first();
  await preview.getByText(/read as numbers in/).waitFor();
  await preview.getByTestId('import-country-choice').selectOption('NO');
  await settled(t);
  await page.locator('[data-testid="import-country"][data-country="NO"][data-source="chosen"]').waitFor();
  await preview.getByText('Phone numbers without a country code are read as numbers in Norway (+47).').waitFor();
  await byId('import-problems').getByText('Telefon').first().waitFor();
  await preview.getByTestId('import-country-choice').selectOption('SE');
  await settled(t);
  await page.locator('[data-testid="import-country"][data-country="SE"][data-source="chosen"]').waitFor();
  await preview.getByText('Phone numbers without a country code are read as numbers in Sweden (+46).').waitFor();
  await preview.getByText('You chose this country for this file.').waitFor();
  const rows = byId('import-preview');
  for (const number of ['+46 8 555 123 45', '+46 70 123 45 67', '+46 31 711 22 33']) {
    await rows.getByRole('cell', { name: number, exact: true }).waitFor();
  }
  await t.shot('import-country-preview');

  console.log('  back to as the file tells it');
  await preview.getByTestId('import-country-choice').selectOption('');
  await settled(t);
  if ((await page.locator('[data-testid="import-country"][data-source="chosen"]').count()) !== 0) {
    fail('the owner\'s choice stayed after "as told from the file"');
  }
  await byId('import-step').getByRole('button', { name: 'Start over' }).click();
  await byId('import-start').waitFor();
  await byId('nav-people').click();
}
