// Housekeeping through the screens. The start screen asks to look at the suggested retention
// rules and opens them in one click; a rule is changed (a bad value refused beside the field
// the core names, then saved), and so is the notice period (refused, then saved). "Run now"
// announces a step for a person of the step's own and reports it; the start screen lists it
// with its day, and Keep takes it away. The person is archived and brought back from their
// card, moved to the recycle bin and restored from it; the suggested rules are put back.
// Everything fits 1024 pixels without sideways scrolling.
//
// `lagom serve` runs on the real clock, and a new person was last used today, so no rule
// is due for anyone yet: a rule of one month with 60 days' notice makes an archive announced
// today (for about a month from now). A review ("look at") is listed only from its own day,
// with no notice, so none can be made to wait here without old data; the core's tests cover
// it on a moved clock. The demo people are made today too.

const SALES = 'Sales and service';

/** The day `days` after `day` (both `YYYY-MM-DD`), as the app writes a date in English. */
function dayAfter(day, days) {
  const at = new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

/** The row of the rules table for a purpose and a status, by its place in the table. */
async function ruleRow(t, purpose, status) {
  const index = await t.page.evaluate(
    ([purpose, status]) =>
      [...document.querySelectorAll('[data-testid="rules-row"]')].findIndex(
        (row) =>
          row.closest('tbody').querySelector('[data-testid="rules-purpose"]').textContent.trim() === purpose &&
          row.querySelector('[data-testid="rules-status"]').value === status,
      ),
    [purpose, status],
  );
  if (index < 0) t.fail(`no rule for ${purpose}, ${status}`);
  return t.byId('rules-row').nth(index);
}

/** Fails when the page scrolls sideways at its current width. */
async function fits(t, screen) {
  const [scroll, client] = await t.page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  if (scroll > client) t.fail(`${screen} is ${scroll} pixels wide at ${client}: it scrolls sideways`);
}

export async function run(t) {
  const { page, byId, fail } = t;
  const tora = (
    await t.api('person.create', {
      fields: { first_name: 'Tora', last_name: 'Venter', email: 'tora@havbris.no', status: 'other' },
    })
  ).id;
  const today = (await t.api('hygiene.today')).today;

  console.log('  the start screen asks to look at the suggested rules');
  await byId('nav-today').click();
  await byId('today-last-run').getByText(/at unlock: (\d+) of \1 jobs ran\.$/).waitFor();
  await byId('today-integrity').getByText(/the audit log and every page of the database are intact/).waitFor();
  await byId('today-access').getByText('Kari Nordmann').waitFor();
  await byId('today-rules-notice').waitFor();
  await byId('today-rules-open').click();
  const rules = byId('rules-form');
  await byId('rules-row').first().waitFor();
  const top = (await rules.boundingBox())?.y ?? -1;
  if (top < -2 || top > 120) fail(`the rules are not brought into view (their top is at ${top})`);
  await byId('rules-suggested').getByText('These are the suggested rules.').waitFor();

  console.log('  a rule changed: a bad value is refused beside its field, then saved');
  await byId('rules-add-purpose').selectOption({ label: SALES });
  await byId('rules-add').click();
  // A new rule has no reason until it is saved; it can be taken out again.
  const added = byId('rules-row').filter({ hasText: 'Not saved yet.' });
  await added.getByRole('button', { name: /\(Sales and service\)$/ }).click();
  await added.waitFor({ state: 'detached' });
  let row = await ruleRow(t, SALES, 'other');
  await row.getByTestId('rules-reason').getByText('Check why someone of no set relation is still here.').waitFor();
  await row.getByTestId('rules-action').selectOption('archive');
  await row.getByTestId('rules-months').fill('0');
  await row.getByTestId('rules-reason').getByText('Not saved yet.').waitFor();
  await byId('rules-save').click();
  await byId('field-error-after_months').getByText('Please check what you typed: must be between 1 and 600 months').waitFor();
  await row.getByTestId('rules-months').fill('1');
  await byId('rules-save').click();
  await byId('rules-saved').getByText('Saved.', { exact: false }).waitFor();
  row = await ruleRow(t, SALES, 'other');
  await row.getByTestId('rules-reason').getByText('A rule the business set itself.').waitFor();
  await byId('rules-suggested').getByText('These rules are your own', { exact: false }).waitFor();

  console.log('  the notice period: refused out of range, then 60 days');
  await byId('housekeeping-field-grace_days').fill('400');
  await byId('housekeeping-save').click();
  await byId('field-error-grace_days').getByText('must be between 0 and 365', { exact: false }).waitFor();
  await byId('housekeeping-field-grace_days').fill('60');
  await byId('housekeeping-save').click();
  await byId('housekeeping-saved').waitFor();
  if ((await t.api('hygiene.settings.get')).grace_days !== 60) fail('the notice period was not stored');

  console.log('  Run now: the step is announced, reported, and waits on the start screen');
  await byId('nav-today').click();
  await byId('today').waitFor();
  if (await byId('today-rules-notice').count()) fail('the rules are still said to need a look');
  await byId('today-run-now').click();
  const report = byId('today-report');
  await report.getByText(/^Tora Venter — announced for /).waitFor();
  await byId('today-last-run').getByText(/started by hand: (\d+) of \1 jobs ran\.$/).waitFor();
  if (await byId('housekeeping-running').count()) fail('the run is still shown as going');
  const step = byId('today-step').filter({ hasText: 'Tora Venter' });
  const runsOn = (await t.api('hygiene.steps')).steps.find((s) => s.person === tora)?.runs_on;
  if (!runsOn) fail('no step waits for Tora');
  await step.getByText(`archived on ${dayAfter(runsOn, 0)}`).waitFor();
  // 60 days' notice from today, or the rule's own day if that is later.
  if (runsOn < today || Date.parse(runsOn) < Date.parse(today) + 59 * 86_400_000) fail(`the step is due ${runsOn}`);
  await page.locator('details summary').click();
  await report.waitFor({ state: 'hidden' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await t.accessible('start screen');
  await t.shot('start');
  await page.setViewportSize({ width: 1024, height: 800 });
  await fits(t, 'the start screen');
  await page.setViewportSize({ width: 1200, height: 800 });

  console.log('  Keep: the step goes, and the audit log says who kept whom');
  await step.getByRole('button', { name: 'Keep Tora Venter' }).click();
  await byId('today-kept').getByText('Tora Venter is kept; their clock starts again.').waitFor();
  await step.waitFor({ state: 'detached' });
  const kept = await t.api('audit.list', { kind: 'hygiene.kept' });
  if (kept.length !== 1) fail(`${kept.length} hygiene.kept events`);

  console.log("  archived and brought back from the card, which the report's name opens");
  await page.locator('details summary').click();
  await report.getByRole('button', { name: 'Tora Venter', exact: true }).click();
  const card = byId('person-card');
  await card.getByRole('heading', { name: 'Tora Venter' }).waitFor();
  await byId('person-archive').click();
  await byId('person-life').getByText(/^Archived on .+\. Archived people are kept/).waitFor();
  await byId('person-close').click();
  await byId('people-view-archived').click();
  await byId('people-row').filter({ hasText: 'Tora Venter' }).click();
  await byId('person-unarchive').click();
  await byId('person-life').waitFor({ state: 'detached' });
  await byId('person-close').click();
  await page.getByText('Nobody is archived.').waitFor();
  await byId('people-view-active').click();

  console.log('  moved to the recycle bin for 30 days, and restored from it');
  await byId('people-search').fill('tora venter');
  await byId('people-row').filter({ hasText: 'Tora Venter' }).click();
  await byId('person-delete').getByText('Move to the recycle bin…').waitFor();
  await byId('person-delete').click();
  const confirm = byId('confirm-dialog');
  await confirm.getByText('You can restore them for 30 days; then they are erased for good.', { exact: false }).waitFor();
  await byId('confirm-ok').click();
  await page.getByText('Nobody matches “tora venter”.').waitFor();
  await byId('people-search').fill('');
  const inBin = (await t.api('bin.list')).total;
  await byId('people-view-bin').click();
  await byId('people-count').getByText(`${inBin} in the recycle bin`).waitFor();
  const binned = byId('bin-row').filter({ hasText: 'Tora Venter' });
  await binned.getByText(dayAfter(today, 30)).waitFor();
  await t.accessible('recycle bin');
  await t.shot('bin');
  await page.setViewportSize({ width: 1024, height: 800 });
  await fits(t, 'the recycle bin');
  await page.setViewportSize({ width: 1200, height: 800 });
  await binned.getByRole('button', { name: 'Tora Venter', exact: true }).click();
  await byId('person-life').getByText(/^In the recycle bin since .+ erased for good 30 days after/).waitFor();
  if (!(await byId('person-edit').isDisabled())) fail('a person in the recycle bin can be edited');
  if (await byId('person-delete').count()) fail('a person in the recycle bin can be deleted again');
  await byId('person-close').click();
  await binned.getByRole('button', { name: 'Restore Tora Venter' }).click();
  await byId('bin-restored').getByText('Tora Venter is back among the people in use.').waitFor();
  await binned.waitFor({ state: 'detached' });
  const events = (await t.api('audit.list', { subject: tora })).map((e) => e.kind);
  for (const kind of ['person.archived', 'person.unarchived', 'person.binned', 'person.restored', 'hygiene.kept']) {
    if (!events.includes(kind)) fail(`no ${kind} event about Tora: ${events.join(', ')}`);
  }

  console.log('  the start screen counts the bin and opens it');
  await byId('nav-today').click();
  await byId('today-bin').getByText(`${inBin - 1} in the recycle bin`).click();
  await byId('bin').waitFor();

  console.log('  the suggested rules put back; the notice period too');
  await byId('nav-settings').click();
  await byId('rules-suggest').click();
  await confirm.getByText('Your own rules are replaced by the suggested ones.', { exact: false }).waitFor();
  await byId('confirm-ok').click();
  await byId('rules-saved').getByText('The suggested rules are back.').waitFor();
  await byId('rules-suggested').getByText('These are the suggested rules.').waitFor();
  row = await ruleRow(t, SALES, 'other');
  await row.getByTestId('rules-reason').getByText('Check why someone of no set relation is still here.').waitFor();
  if (!(await t.api('retention.rules')).suggested) fail('the rules are not the suggested ones');
  await byId('housekeeping-field-grace_days').fill('14');
  await byId('housekeeping-save').click();
  await byId('housekeeping-saved').waitFor();
  await rules.evaluate((form) => form.scrollIntoView({ block: 'start' }));
  await t.accessible('retention settings');
  await t.shot('retention');
  await page.setViewportSize({ width: 1024, height: 800 });
  await fits(t, 'the settings');
  await page.setViewportSize({ width: 1200, height: 800 });

  // Tora goes back to the bin, so that the people in use are as the later steps count them.
  await t.api('person.delete', { person: tora });
  await byId('nav-people').click();
  await byId('people-search').fill('');
}
