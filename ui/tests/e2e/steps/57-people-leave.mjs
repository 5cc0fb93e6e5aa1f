// People who leave the register leave every list at once, without the screen being opened
// again: one erased for good from her card (the search she was found by drops her, and the
// card's "Remove" section says how erasing differs from deleting), one moved to the recycle
// bin (the list drops him, the bin counts him) and then erased from the bin (the bin drops
// him), and two records of one woman merged (the queue drops the pair, and the people list
// finds one). Everyone added here is erased, so later steps count the register as imported.

export async function run(t) {
  const { page, byId, fail } = t;
  const rows = () => byId('people-row');
  const add = async (fields, allow = false) => (await t.api('person.create', { fields, allow_duplicate: allow })).id;
  await add({ first_name: 'Lene', last_name: 'Forsvinn', email: 'lene@forsvinn.no', organisation: 'Forsvinn AS' });
  await add({ first_name: 'Leif', last_name: 'Forsvinn', email: 'leif@forsvinn.no', organisation: 'Forsvinn AS' });
  const bin = (await t.api('bin.list', { limit: 0 })).total;

  console.log('  erased from her card: gone from the search she was found by');
  await byId('nav-people').click();
  await byId('people-search').fill('forsvinn');
  await byId('people-count').getByText('2 found').waitFor();
  await rows().filter({ hasText: 'Lene Forsvinn' }).click();
  const card = byId('person-card');
  await card.getByRole('heading', { name: 'Lene Forsvinn' }).waitFor();
  // The links at the card's top bring a section into view.
  await card.getByRole('navigation').getByRole('button', { name: 'Remove from the register' }).click();
  await page.waitForFunction(() => {
    const box = document.querySelector('[data-testid="person-remove"]').getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  });
  const remove = byId('person-remove');
  await remove.getByText('Moves them to the recycle bin for 30 days', { exact: false }).waitFor();
  await remove.getByText('cannot be undone', { exact: false }).waitFor();
  // Each button is described by its own sentence.
  const describedBy = await byId('person-erase').getAttribute('aria-describedby');
  if (!(await page.locator(`#${describedBy}`).textContent()).includes('right to erasure')) fail('"Erase for good" is not explained');
  await byId('person-erase').click();
  await byId('erase-understood').check();
  await byId('erase-confirm').click();
  await byId('erase-done').waitFor();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await card.waitFor({ state: 'detached' });
  await byId('people-count').getByText('1 found').waitFor();
  await rows().filter({ hasText: 'Lene Forsvinn' }).waitFor({ state: 'detached' });
  if ((await rows().count()) !== 1) fail('the search still shows the erased person');

  console.log('  moved to the recycle bin: gone from the list, counted in the bin');
  await rows().filter({ hasText: 'Leif Forsvinn' }).click();
  await byId('person-delete').click();
  await byId('confirm-ok').click();
  await byId('confirm-dialog').waitFor({ state: 'detached' });
  await rows().filter({ hasText: 'Leif Forsvinn' }).waitFor({ state: 'detached' });
  await page.getByText('Nobody matches “forsvinn”.').waitFor();
  await byId('people-view-bin').getByText(String(bin + 1), { exact: true }).waitFor();

  console.log('  erased from the recycle bin: gone from the bin');
  await byId('people-view-bin').click();
  const binned = byId('bin-row').filter({ hasText: 'Leif Forsvinn' });
  await binned.getByRole('button', { name: 'Leif Forsvinn', exact: true }).click();
  await card.getByRole('heading', { name: 'Leif Forsvinn' }).waitFor();
  // In the bin, only erasing is left to do.
  if (await byId('person-delete').count()) fail('a person in the recycle bin can be deleted again');
  await byId('person-erase').click();
  await byId('erase-understood').check();
  await byId('erase-confirm').click();
  await byId('erase-done').waitFor();
  await page.getByRole('button', { name: 'Close' }).last().click();
  await card.waitFor({ state: 'detached' });
  await binned.waitFor({ state: 'detached' });
  await byId('people-view-bin').getByText(String(bin), { exact: true }).waitFor();
  await byId('people-view-active').click();

  console.log('  two records of one woman merged: the pair leaves the queue, one is found');
  const mona = await add({ first_name: 'Mona', last_name: 'Dobbeltsen', email: 'mona@dobbelt.no', phone: '+47 913 57 913' }, true);
  const mona2 = await add({ first_name: 'Mona', last_name: 'Dobbeltsen', email: 'MONA@dobbelt.no', phone: '91357913' }, true);
  await byId('nav-duplicates').click();
  await byId('duplicates-refresh').click();
  await byId('duplicates-summary').waitFor();
  const pair = byId('duplicates-pair').filter({ hasText: 'Dobbeltsen' });
  await pair.first().waitFor();
  const pairs = await byId('duplicates-pair').count();
  await pair.first().getByTestId('duplicates-merge').click();
  await byId('duplicates-merged').getByText(/was merged into/).waitFor();
  await pair.first().waitFor({ state: 'detached' });
  if ((await byId('duplicates-pair').count()) !== pairs - 1) fail('the merge left the queue as it was');
  await byId('nav-people').click();
  await byId('people-search').fill('dobbeltsen');
  await byId('people-count').getByText('1 found').waitFor();
  const kept = (await t.api('people.search', { query: 'dobbeltsen' })).people;
  if (kept.length !== 1 || ![mona, mona2].includes(kept[0].id)) fail(`${kept.length} Monas after the merge`);
  await t.api('person.erase', { person: kept[0].id });
  await byId('people-search').fill('');
}
