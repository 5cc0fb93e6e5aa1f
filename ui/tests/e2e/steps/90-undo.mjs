// Last of the screens' steps: the wizard's import is undone from the history, and the
// vault is as it was before it (the 1,502 people imported at the start). Then a note.

export async function run(t) {
  const { page, byId, fail } = t;
  await byId('nav-import').click();
  const batch = page.locator('.batch').filter({ hasText: 'kunder gammel.csv, kunder.xlsx' });
  await batch.locator('[data-testid="import-history-undo"]').click();
  await batch.getByRole('button', { name: 'Yes, undo it' }).click();
  await batch.getByText('Undone', { exact: false }).waitFor();
  await t.shot('import-undone');
  const people = await t.api('people.list', { limit: 1 });
  if (people.total !== 1502) fail(`after undoing the import there are ${people.total} people`);
  const bjorn = await t.api('people.search', { query: 'bjorn@fjordror.no' });
  const card = await t.api('person.show', { person: bjorn.people[0].id });
  if (card.city !== null) fail(`Bjørn kept the imported city ${card.city}`);

  // A note on Bjørn's card, after the undo (written before, it would have stopped the undo:
  // he was in the import).
  await byId('nav-people').click();
  await byId('people-search').fill('bjorn kjaer');
  await byId('people-row').filter({ hasText: 'Bjørn Kjær' }).first().click();
  await byId('note-body').fill('Ringte 12. mars.\nVil ha tilbud på service av varmepumpa.');
  await byId('note-add').click();
  await byId('notes').getByText('Vil ha tilbud på service av varmepumpa.').waitFor();
  await t.accessible('person card with a note');
  await t.shot('person-note');
  await byId('person-close').click();
  await byId('people-search').fill('');
}
