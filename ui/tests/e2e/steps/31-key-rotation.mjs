// Replacing the keys, on a vault of its own (the run unlocks its vault with the secret key
// it was given at the start): a new secret key shown once with its emergency kit, the old
// key refused at the next unlock, the new one accepted.

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../server.mjs';

const ui = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const shots = resolve(process.env.LAGOM_SCREENSHOTS ?? join(ui, 'test-results'));
const PASSWORD = 'nordlys-hytte-kajakk-77';

export async function run(t) {
  const { fail } = t;
  const server = await startServer(join(t.work, 'rotation-vault'), t.work);
  const page = await t.page.context().newPage();
  page.on('pageerror', (e) => fail(`page error: ${e.message}`));
  const byId = (id) => page.locator(`[data-testid="${id}"]`);
  try {
    await page.goto(server.open);
    await byId('first-run-owner').fill('Kari Nordmann');
    await byId('first-run-password').fill(PASSWORD);
    await byId('first-run-repeat').fill(PASSWORD);
    await byId('first-run-create').click();
    const oldKey = (await byId('secret-key').textContent()).trim();
    await byId('secret-key-saved').check();
    await byId('secret-key-continue').click();

    console.log('  replacing the keys');
    await byId('nav-settings').click();
    if (!(await byId('rotate-submit').isDisabled())) fail('keys can be replaced without the password');
    await byId('rotate-password').fill('not the password');
    await byId('rotate-understood').check();
    await byId('rotate-submit').click();
    await page.getByText('The password or the secret key is not right.').waitFor();
    await byId('rotate-password').fill(PASSWORD);
    await byId('rotate-submit').click();
    const newKey = (await byId('rotate-secret-key').textContent()).trim();
    if (!/^LG1-[0-9A-Z-]+$/.test(newKey) || newKey === oldKey) fail(`no new secret key: ${newKey}`);
    const kit = await byId('rotate-kit').getAttribute('href');
    const kitText = await page.evaluate(async (url) => (await fetch(url)).text(), kit);
    if (!kitText.includes(newKey) || kitText.includes(oldKey)) fail('the emergency kit does not hold the new key');
    await page.screenshot({ path: join(shots, 'rotation-new-key.png') });
    console.log(`  screenshot ${join(shots, 'rotation-new-key.png')}`);
    if (!(await byId('rotate-finish').isDisabled())) fail('the new key can be left unsaved');
    await byId('rotate-saved').check();
    await byId('rotate-finish').click();
    await byId('rotate-password').waitFor();

    console.log('  the old key is refused, the new one opens the vault');
    await byId('lock').click();
    await byId('unlock-password').fill(PASSWORD);
    await byId('unlock-secret-key').fill(oldKey);
    await byId('unlock-submit').click();
    await page.getByText('The password or the secret key is not right.').waitFor();
    await byId('unlock-secret-key').fill(newKey);
    await byId('unlock-submit').click();
    await byId('nav-audit').click();
    await byId('audit-row').filter({ hasText: 'Keys replaced' }).waitFor();
    await byId('audit-chain').getByText(/The log is intact/).waitFor();
  } finally {
    await page.close();
    server.child.kill('SIGTERM');
  }
}
