// The audit log and the settings. The log: the chain checked and intact, older events a page
// at a time, filtered by kind, by a person found by name, and by dates. The settings: the
// auto-lock minutes (stored in the vault, out-of-range refused), and the password changed
// and changed back, since the run unlocks with the original one at the end. Replacing the
// keys has its own vault in 31-key-rotation.mjs, since the run types the original secret key.

const PASSWORD = 'fjord-kanel-treskål-91'; // the run's vault password (see run.mjs)
const OTHER = 'lofoten-torsk-sjøhus-2040';

/** Every row of the table shown has this kind, in words. */
async function allRowsAre(t, words) {
  await t.page.waitForFunction((words) => {
    const cells = [...document.querySelectorAll('[data-testid="audit-row-kind"]')];
    return cells.length > 0 && cells.every((c) => c.textContent.trim() === words);
  }, words);
}

export async function run(t) {
  const { page, byId, fail } = t;
  // More events than one page holds (50), so that older ones come a page at a time.
  const before = (await t.api('audit.verify')).events;
  for (let i = before; i < 60; i++) await t.api('settings.set', { auto_lock_minutes: 20 + (i % 2) });

  console.log('  the audit log');
  await byId('nav-audit').click();
  await byId('audit-chain').getByText(/The log is intact: [\d,]+ events checked/).waitFor();
  const verified = await t.api('audit.verify');
  if (!verified.intact) fail(`audit chain: ${JSON.stringify(verified.problems)}`);
  await byId('audit-chain').getByText(`${verified.events.toLocaleString('en-GB')} events checked`).waitFor();
  await byId('audit-count').getByText('50 events shown').waitFor();
  await byId('audit-more').click();
  await byId('audit-count').getByText(/^(5[1-9]|[6-9]\d|\d{3,}) events shown$/).waitFor();
  const shown = await byId('audit-row').count();
  if (shown !== Math.min(verified.events, 100)) fail(`${shown} events shown of ${verified.events}`);
  await byId('audit-recheck').click();
  await byId('audit-chain').getByText(/The log is intact/).waitFor();
  await t.accessible('audit log');
  await t.shot('audit-log');

  console.log('  filtered by kind');
  await byId('audit-kind').selectOption('person.read');
  await allRowsAre(t, 'Full record opened');
  // The person whose card was opened is named, from the vault, not from the event.
  await byId('audit-row').filter({ hasText: 'Bjørn Kjær' }).first().waitFor();

  console.log('  filtered by a person found by name');
  await byId('audit-kind').selectOption('');
  await byId('audit-person').fill('kjaer');
  await byId('audit-person-option').filter({ hasText: 'Bjørn Kjær' }).click();
  await byId('audit-person-chosen').getByText('Bjørn Kjær').waitFor();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid="audit-row"]')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes('Bjørn Kjær'));
  });
  await byId('audit-person-clear').click();
  await byId('audit-person').waitFor();

  console.log('  filtered by dates');
  const [yesterday, today] = await page.evaluate(() =>
    [-1, 0].map((d) => {
      const x = new Date();
      x.setDate(x.getDate() + d);
      return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
    }),
  );
  await byId('audit-from').fill(today);
  await byId('audit-to').fill(today);
  await byId('audit-row').first().waitFor();
  await byId('audit-to').fill(yesterday);
  await page.getByText('The start date is after the end date.').waitFor();
  await byId('audit-from').fill(yesterday);
  await page.getByText('No events match these filters.').waitFor();
  await byId('audit-clear').click();
  await byId('audit-count').getByText('50 events shown').waitFor();

  console.log('  settings: auto-lock');
  await byId('nav-settings').click();
  await byId('settings-auto-lock').fill('0');
  await page.getByText('Choose a whole number of minutes from 1 to 240.').waitFor();
  if (!(await byId('settings-save').isDisabled())) fail('0 minutes can be saved');
  await byId('settings-auto-lock').fill('15');
  await byId('settings-save').click();
  await byId('settings-saved').getByText('locks after 15 minutes').waitFor();
  const stored = await t.api('settings.get');
  if (stored.auto_lock_minutes !== 15) fail(`auto-lock stored as ${JSON.stringify(stored)}`);

  console.log('  settings: the password, changed and changed back');
  await byId('password-current').fill('not the password');
  await byId('password-new').fill(OTHER);
  await byId('password-repeat').fill(OTHER);
  await page.getByText(/Strength: (strong|very strong)/).waitFor();
  await byId('password-submit').click();
  await page.getByText('The password or the secret key is not right.').waitFor();
  await byId('password-current').fill(PASSWORD);
  await byId('password-submit').click();
  await byId('password-changed').waitFor();
  await t.accessible('settings');
  await page.evaluate(() => window.scrollTo(0, 0));
  await t.shot('settings');
  await byId('password-current').fill(OTHER);
  await byId('password-new').fill(PASSWORD);
  await byId('password-repeat').fill('fjord-kanel-treskål-19');
  await page.getByText('The two passwords are not the same.').waitFor();
  await byId('password-repeat').fill(PASSWORD);
  await byId('password-submit').click();
  await byId('password-changed').waitFor();
  const changes = await t.api('audit.list', { kind: 'password.changed' });
  if (changes.length !== 2) fail(`${changes.length} password changes in the audit log`);

  await byId('nav-people').click();
  await byId('people-count').waitFor();
}
