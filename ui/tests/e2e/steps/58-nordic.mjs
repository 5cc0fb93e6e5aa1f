// Nordic by default. The people list orders names in the reader's alphabet: in Norwegian and
// Danish Æ Ø Å come after Z (and "Aa" is read as Å), in Swedish Å Ä Ö, in English å sorts with
// a. Phones typed by hand are stored in E.164 and shown as their country writes them.
// Everyone added here is erased again, so later steps count the register as imported.

const TAG = 'e2e-nordisk';

/** The last names the list shows, in its order. */
async function lastNames(t) {
  const names = await t.byId('people-row').locator('span:first-child').allTextContents();
  return names.map((name) => name.trim().split(' ').slice(1).join(' '));
}

async function order(t, language, expected) {
  const { page, byId, fail } = t;
  await byId('language').selectOption(language);
  await page.locator(`html[lang="${language}"]`).waitFor({ state: 'attached' });
  // Another screen first: the people screen reads its filter choices (the new tag) as it opens.
  await byId('nav-audit').click();
  await byId('nav-people').click();
  await byId('filter-tag').selectOption(TAG);
  await byId('people-row').nth(expected.length - 1).waitFor();
  // The list reloads in the new alphabet: wait until it has settled on the expected order.
  try {
    await page.waitForFunction(
      (want) => {
        const rows = [...document.querySelectorAll('[data-testid="people-row"]')];
        const names = rows.map((r) => r.querySelector('span').textContent.trim().split(' ').slice(1).join(' '));
        return JSON.stringify(names) === JSON.stringify(want);
      },
      expected,
      { timeout: 5000 },
    );
  } catch {
    fail(`${language}: the names are in the order ${(await lastNames(t)).join(', ')}, not ${expected.join(', ')}`);
  }
}

export async function run(t) {
  const { page, byId, fail } = t;
  const ids = [];
  // Typed by hand in the person form's own way: a national number, read in the person's
  // country, and one with spaces and a country code.
  for (const [first, last, phone, country] of [
    ['Åse', 'Ås', '915 55 123', 'NO'],
    ['Ørjan', 'Ørn', null, 'NO'],
    ['Ærle', 'Ærø', null, 'DK'],
    ['Zara', 'Zetterlund', '070-987 65 43', 'SE'],
    ['Aage', 'Aasen', null, 'NO'],
    ['Björn', 'Öberg', null, 'SE'],
    ['Ärla', 'Äng', null, 'SE'],
    ['Berit', 'Berg', '+47 22 98 76 54', null],
  ]) {
    const fields = { first_name: first, last_name: last, tags: [TAG] };
    if (phone) fields.phone = phone;
    if (country) fields.country = country;
    ids.push((await t.api('person.create', { fields })).id);
  }

  console.log('  a phone typed by hand is stored in E.164');
  const ase = await t.api('person.show', { person: ids[0] });
  if (ase.phone !== '+4791555123') fail(`"915 55 123" for a person in Norway was stored as ${ase.phone}`);
  const zara = await t.api('person.show', { person: ids[3] });
  if (zara.phone !== '+46709876543') fail(`"070-987 65 43" for a person in Sweden was stored as ${zara.phone}`);

  console.log('  Norwegian: Æ Ø Å after Z, Aa with Å');
  await order(t, 'nb', ['Berg', 'Zetterlund', 'Äng', 'Ærø', 'Öberg', 'Ørn', 'Ås', 'Aasen']);
  console.log('  phones shown as their country writes them');
  const row = (name) => byId('people-row').filter({ hasText: name });
  await row('Åse Ås').getByText('+47 915 55 123', { exact: true }).waitFor();
  await row('Zara Zetterlund').getByText('+46 70 987 65 43', { exact: true }).waitFor();
  await row('Berit Berg').getByText('+47 22 98 76 54', { exact: true }).waitFor();
  await t.shot('nordic-order-nb');

  console.log('  Danish: the same alphabet as Norwegian');
  await order(t, 'da', ['Berg', 'Zetterlund', 'Äng', 'Ærø', 'Öberg', 'Ørn', 'Ås', 'Aasen']);
  console.log('  Swedish: Å Ä Ö after Z');
  await order(t, 'sv', ['Aasen', 'Berg', 'Zetterlund', 'Ås', 'Äng', 'Ærø', 'Öberg', 'Ørn']);
  console.log('  English: å with a, ø with o');
  // CLDR's root order reads æ as "ae".
  await order(t, 'en', ['Aasen', 'Ærø', 'Äng', 'Ås', 'Berg', 'Öberg', 'Ørn', 'Zetterlund']);

  await byId('filters-clear').click();
  for (const id of ids) await t.api('person.erase', { person: id });
  await page.getByRole('button', { name: 'Lock', exact: true }).waitFor();
}
