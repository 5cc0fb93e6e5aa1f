// A backup and a restore through Settings, on a vault of its own (a restore replaces the
// vault, which would undo what later steps build on): the backup arrives as one
// `.lagom-backup` download; a file that is no backup is refused with the reason and the
// vault stays open; the backup uploaded again after a plain warning replaces the vault, the
// unlock screen says what happened, and after unlocking the person added since is gone
// while the one from before is there.

import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server.mjs';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shots = resolve(process.env.LAGOM_SCREENSHOTS ?? join(ui, 'test-results'));
const PASSWORD = 'fjellbekk-lavvo-trost-41';

export async function run(t) {
  const { fail } = t;
  const server = await startServer(join(t.work, 'backup-vault'), t.work);
  const page = await t.page.context().newPage();
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  const byId = (id) => page.locator(`[data-testid="${id}"]`);
  const api = async (command, args) => {
    const response = await fetch(`${server.url}api/${command}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(args ?? {}),
    });
    const body = await response.json();
    if (!response.ok) fail(`${command}: ${JSON.stringify(body)}`);
    return body;
  };
  try {
    await page.goto(server.open);
    await byId('first-run-owner').fill('Kari Nordmann');
    await byId('first-run-password').fill(PASSWORD);
    await byId('first-run-repeat').fill(PASSWORD);
    await byId('first-run-create').click();
    const key = (await byId('secret-key').textContent()).trim();
    await byId('secret-key-saved').check();
    await byId('secret-key-continue').click();
    await api('person.create', { fields: { first_name: 'Before', last_name: 'Backup', email: 'before@example.no' } });

    console.log('  a backup arrives as one download');
    await byId('nav-settings').click();
    const [download] = await Promise.all([page.waitForEvent('download'), byId('backup-run').click()]);
    const name = download.suggestedFilename();
    if (!/^lagom-backup-\d{4}-\d{2}-\d{2}\.lagom-backup$/.test(name)) fail(`the backup is named ${name}`);
    const backup = join(t.work, name);
    await download.saveAs(backup);
    await byId('backup-saved-where').getByText(name).waitFor();
    await byId('backup-done').getByText(/^Backup made/).waitFor();

    await api('person.create', { fields: { first_name: 'After', last_name: 'Backup', email: 'after@example.no' } });

    console.log('  a file that is no backup is refused, the vault stays open');
    const notes = join(t.work, 'notes.lagom-backup');
    writeFileSync(notes, 'just some notes');
    await byId('restore-file').setInputFiles(notes);
    await byId('restore-run').click();
    await byId('confirm-ok').click();
    await page.getByText('notes.lagom-backup is not a Lagom backup file').waitFor();
    await byId('confirm-cancel').click();
    await byId('confirm-dialog').waitFor({ state: 'detached' });
    if (!(await byId('nav-people').isVisible())) fail('a refused file locked the vault');

    console.log('  the backup uploaded again replaces the vault after a warning');
    await byId('restore-file').setInputFiles(backup);
    await byId('restore-run').click();
    await byId('confirm-dialog').getByText(`Everything in the vault is replaced with the backup ${name}.`).waitFor();
    await t.accessible('restore warning', page);
    await page.screenshot({ path: join(shots, 'restore-confirm.png') });
    await byId('confirm-ok').click();
    await byId('unlock-notice').getByText(`The vault was restored from ${name}.`).waitFor();
    await page.screenshot({ path: join(shots, 'restore-unlock.png') });
    await byId('unlock-password').fill(PASSWORD);
    await byId('unlock-secret-key').fill(key);
    await byId('unlock-submit').click();
    await byId('nav-people').click();
    await byId('people-row').filter({ hasText: 'Before' }).first().waitFor();
    const found = await api('people.search', { query: 'after@example.no' });
    if (found.total !== 0) fail('the person added after the backup is still there');
    await byId('nav-audit').click();
    await byId('audit-row').filter({ hasText: /restored/i }).first().waitFor();
  } finally {
    await page.close();
    server.child.kill('SIGTERM');
  }
}
