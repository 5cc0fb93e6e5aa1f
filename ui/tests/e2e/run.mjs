// The web UI end to end in a real browser (Debian's Chromium through playwright-core)
// against `lagom serve` on a new vault: first run → secret key → the start screen, with
// housekeeping run at unlock → import through the API → search → a person's card with where
// the data came from → another language → lock → unlock with the secret key, back on the
// start screen. Each step is screenshotted; axe-core checks the main screens.
//
//   node tests/e2e/run.mjs [path to lagom]     (screenshots in test-results/, or in
//                                               $LAGOM_SCREENSHOTS when set)

import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ui = resolve(here, '../..');
const shots = resolve(process.env.LAGOM_SCREENSHOTS ?? join(ui, 'test-results'));
mkdirSync(shots, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'lagom-e2e-'));
const PASSWORD = 'fjord-kanel-treskål-91';

function fail(message) {
  throw new Error(message);
}

async function api(server, command, args) {
  const response = await fetch(`${server.url}api/${command}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(args ?? {}),
  });
  const body = await response.json();
  if (!response.ok) fail(`${command}: ${JSON.stringify(body)}`);
  return body;
}

const axeSource = readFileSync(join(ui, 'node_modules/axe-core/axe.min.js'), 'utf8');
async function accessible(page, screen) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await globalThis.axe.run(document));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length) {
    fail(`${screen}: ${serious.map((v) => `${v.id} (${v.nodes.length}): ${v.help}`).join('; ')}`);
  }
  console.log(`  axe: ${screen}: no serious issues (${result.violations.length} minor)`);
}

let step = 0;
async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`  screenshot ${file}`);
}

const byId = (page, id) => page.locator(`[data-testid="${id}"]`);

const server = await startServer(join(work, 'vault'), work);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  // axe-core is injected as an inline script, which the app's policy forbids (rightly); the
  // policy itself is checked on the page's response instead.
  const context = await browser.newContext({
    locale: 'en-GB',
    viewport: { width: 1200, height: 800 },
    bypassCSP: true,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => {
    // Thrown from an event handler, this ends the process: stop the server first.
    server.child.kill('SIGTERM');
    fail(`page error: ${e.message}`);
  });
  const response = await page.goto(server.open);
  const policy = response.headers()['content-security-policy'] ?? '';
  if (!policy.includes("script-src 'self'") || !policy.includes("frame-ancestors 'none'")) {
    fail(`no strict content security policy: ${policy}`);
  }

  console.log('first run');
  await byId(page, 'first-run-owner').fill('Kari Nordmann');
  await byId(page, 'first-run-password').fill(PASSWORD);
  await byId(page, 'first-run-repeat').fill(PASSWORD);
  await page.getByText(/Strength: (strong|very strong)/).waitFor();
  await accessible(page, 'first run');
  await shot(page, 'first-run');
  await byId(page, 'first-run-create').click();
  const secretKey = (await byId(page, 'secret-key').textContent()).trim();
  if (!/^LG1-[0-9A-Z-]+$/.test(secretKey)) fail(`no secret key shown: ${secretKey}`);
  await shot(page, 'secret-key');
  await byId(page, 'secret-key-saved').check();
  await byId(page, 'secret-key-continue').click();
  // The start screen comes first, and housekeeping has run once the vault is open.
  await byId(page, 'today-last-run').getByText(/^Last run .+, at unlock: (\d+) of \1 jobs ran\.$/).waitFor();
  await byId(page, 'nav-people').click();
  await page.getByText('Nobody here yet.').waitFor();

  console.log('import through the API, then search');
  const csv = join(work, 'kunder.csv');
  const rows = ['Fornavn;Etternavn;E-post;Mobil;Firma'];
  rows.push('Bjørn;Kjær;bjorn@fjordror.no;912 34 567;Fjord Rør AS');
  rows.push('Åse;Sørensen;ase@fjord.no;412 34 567;Fjord Rør AS');
  for (let i = 0; i < 1500; i++) rows.push(`Person${i};Hansen;p${i}@example.no;;Nordlys AS`);
  writeFileSync(csv, rows.join('\r\n'));
  const report = await api(server, 'import.commit', { files: [{ path: csv }] });
  if (report.counts.created !== 1502) fail(`imported ${JSON.stringify(report.counts)}`);
  await page.reload();
  await byId(page, 'today').waitFor();
  await byId(page, 'nav-people').click();
  await byId(page, 'people-count').getByText('1,502 people').waitFor();
  await accessible(page, 'people list');
  await shot(page, 'people-list');
  // Far down the list the rows are fetched as they come into view, and only they are drawn.
  await page.locator('.scroller').evaluate((e) => (e.scrollTop = 40 * 1400));
  await page.locator('li[style*="top: 56000px"] button').waitFor();
  const drawn = await page.locator('.scroller li').count();
  if (drawn > 60) fail(`${drawn} rows drawn for one screen`);
  await byId(page, 'people-search').fill('bjorn kjaer');
  await byId(page, 'people-row').filter({ hasText: 'Bjørn Kjær' }).waitFor();
  if ((await byId(page, 'people-row').count()) !== 1) fail('search shows more than Bjørn');
  await byId(page, 'people-row').getByText('+47 912 34 567').waitFor();
  await shot(page, 'search');

  console.log("a person's card");
  await byId(page, 'people-row').first().click();
  const card = byId(page, 'person-card');
  await card.getByText('import: kunder.csv', { exact: false }).waitFor();
  // The number as a person reads it, grouped for its country.
  await card.getByText('+47 912 34 567').waitFor();
  await accessible(page, 'person card');
  await shot(page, 'person-card');
  await byId(page, 'person-close').click();
  await card.waitFor({ state: 'detached' });

  // Each screen's own steps, in their files' order (tests/e2e/steps/NN-name.mjs, each
  // exporting `run(t)`), on the same vault and page.
  const t = {
    page,
    work,
    fail,
    byId: (id) => byId(page, id),
    api: (command, args) => api(server, command, args),
    shot: (name) => shot(page, name),
    // On the run's page, or on a step's own page (a step with a vault of its own).
    accessible: (screen, on = page) => accessible(on, screen),
  };
  const steps = join(here, 'steps');
  // LAGOM_E2E_STEPS=10,90 runs only those (while working on a screen).
  const only = process.env.LAGOM_E2E_STEPS?.split(',');
  const chosen = (f) => f.endsWith('.mjs') && (!only || only.some((n) => f.startsWith(n)));
  for (const file of readdirSync(steps).filter(chosen).sort()) {
    console.log(`steps: ${file}`);
    const { run } = await import(pathToFileURL(join(steps, file)).href);
    try {
      await run(t);
    } catch (e) {
      await page.screenshot({ path: join(shots, `failed-${file}.png`), fullPage: true });
      throw e;
    }
  }

  console.log('another language');
  await byId(page, 'language').selectOption('nb');
  await page.getByRole('button', { name: 'Lås', exact: true }).waitFor();
  await shot(page, 'norsk');

  console.log('lock and unlock with the secret key');
  await byId(page, 'lock').click();
  await byId(page, 'unlock-password').fill('wrong password!');
  await byId(page, 'unlock-secret-key').fill(secretKey);
  await byId(page, 'unlock-submit').click();
  await page.getByText('Passordet eller den hemmelige nøkkelen er feil.').waitFor();
  await shot(page, 'unlock-wrong');
  await byId(page, 'unlock-password').fill(PASSWORD);
  await byId(page, 'unlock-submit').click();
  await byId(page, 'today-last-run').getByText(/^Sist kjørt .+, ved opplåsing: /).waitFor();
  await byId(page, 'nav-people').click();
  await byId(page, 'people-count').getByText('1 502 personer').waitFor();
  console.log('browser end to end: passed');
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
