// A damaged audit trail, on a vault of its own: `audit.head` (the copy of the newest event
// kept beside the database) deleted while the vault is open, then the vault locked and
// unlocked. It opens, but refuses every change: a banner on every screen says so, a change
// tried shows why, and the audit log names the damage. The owner reseals the log with the
// password (a wrong one refused first); changes are allowed again, and the reseal stays in
// view under the check.

import { rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server.mjs';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shots = resolve(process.env.LAGOM_SCREENSHOTS ?? join(ui, 'test-results'));
const PASSWORD = 'havgap-lundefugl-sildesalat-3';

export async function run(t) {
  const { fail } = t;
  const vault = join(t.work, 'damaged-vault');
  const server = await startServer(vault, t.work);
  const page = await t.page.context().newPage();
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  const byId = (id) => page.locator(`[data-testid="${id}"]`);
  const shot = async (name) => {
    const file = join(shots, `${name}.png`);
    await page.screenshot({ path: file });
    console.log(`  screenshot ${file}`);
  };
  try {
    await page.goto(server.open);
    await byId('first-run-owner').fill('Kari Nordmann');
    await byId('first-run-password').fill(PASSWORD);
    await byId('first-run-repeat').fill(PASSWORD);
    await byId('first-run-create').click();
    const secretKey = (await byId('secret-key').textContent()).trim();
    await byId('secret-key-saved').check();
    await byId('secret-key-continue').click();
    // Housekeeping runs as the vault opens and writes to the audit trail: the damage is done
    // once it has finished, or its last event would put audit.head back.
    await byId('today-last-run').getByText(/, at unlock: /).waitFor();
    await byId('nav-people').click();
    await page.getByText('Nobody here yet.').waitFor();
    if (await byId('audit-damage-banner').count()) fail('a new vault is said to be damaged');

    console.log('  audit.head deleted, the vault locked and unlocked');
    const head = join(vault, 'audit.head');
    if (!existsSync(head)) fail(`no ${head} beside the database`);
    rmSync(head);
    await byId('lock').click();
    await byId('unlock-password').fill(PASSWORD);
    await byId('unlock-secret-key').fill(secretKey);
    await byId('unlock-submit').click();
    await byId('audit-damage-banner').getByText('Changes are paused').waitFor();
    // Housekeeping cannot run either: the start screen says why.
    await byId('today-run-error').getByText(/^The vault is damaged or has been tampered with/).waitFor();

    console.log('  a change is refused, and the error says why');
    await byId('nav-settings').click();
    await byId('audit-damage-banner').waitFor();
    await byId('settings-auto-lock').fill('15');
    await byId('settings-save').click();
    await byId('error')
      .getByText(/^The vault is damaged or has been tampered with, so nothing was changed: the audit trail is damaged: /)
      .waitFor();
    await shot('audit-change-refused');

    console.log('  the audit log names the damage and offers to reseal');
    await byId('audit-damage-open').click();
    const chain = byId('audit-chain');
    // The vault's creation, and the housekeeping run right after it.
    await chain.getByText(/The log has been tampered with \((one event|\d+ events) checked\):/).waitFor();
    await chain.getByText('The copy of the newest event kept beside the vault (the file audit.head) is missing.').waitFor();
    const refused = byId('audit-refused');
    await refused.getByText('Changes are paused until the log is dealt with').waitFor();
    await t.accessible('damaged audit log', page);
    await shot('audit-damaged');

    await byId('audit-reseal-open').click();
    const dialog = byId('audit-reseal-dialog');
    await dialog.getByText('The copy of the newest event kept beside the vault').waitFor();
    if (!(await byId('audit-reseal-submit').isDisabled())) fail('the log can be resealed without the password');
    await byId('audit-reseal-password').fill('not the password');
    await byId('audit-reseal-submit').click();
    await dialog.getByText('The password or the secret key is not right.').waitFor();
    await t.accessible('reseal dialog', page);
    await shot('audit-reseal-dialog');
    await byId('audit-reseal-password').fill(PASSWORD);
    await byId('audit-reseal-submit').click();
    await dialog.waitFor({ state: 'detached' });

    console.log('  resealed: intact again, the reseal noted, changes allowed');
    await chain.getByText(/The log is intact/).waitFor();
    await byId('audit-reseal-done').getByText(/The log is resealed: event #\d+ records the damage/).waitFor();
    await byId('audit-reseals').getByText(/^Resealed at event #\d+ on .+, after: The copy of the newest event kept beside the vault \(the file audit\.head\) is missing\.$/).waitFor();
    if (await refused.count()) fail('changes are still said to be paused');
    await byId('audit-row').filter({ hasText: 'Log resealed after damage' }).waitFor();
    await shot('audit-resealed');
    await byId('nav-settings').click();
    await byId('settings-auto-lock').fill('15');
    await byId('settings-save').click();
    await byId('settings-saved').getByText('locks after 15 minutes').waitFor();
    if (await byId('audit-damage-banner').count()) fail('the banner stays after the reseal');
  } finally {
    await page.close();
    server.child.kill('SIGTERM');
  }
}
