// How the people list feels with 100,000 people, next to the same with 1,000 in the same run
// (ratios, not absolute times: machines differ): time from a key press in the search field to
// the list showing the new answer, and from a jump in the scrolled list to its rows drawn.
// A measurement, not a test: it prints figures and fails only if the screens do not work.
//
//   node tests/bench/people_list.mjs [path to a release lagom] [people, default 100000]

import { execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const ui = resolve(import.meta.dirname, '../..');
const lagom = resolve(process.argv[2] ?? join(ui, '../target/release/lagom'));
const large = Number(process.argv[3] ?? 100000);
const PASSWORD = 'fjord-kanel-treskål-91';
const QUERIES = ['h', 'ha', 'han', 'hans', 'n', 'no', 'nor', 'a', 'an', 'and', 'o', 'ol', 'ola', 'k', 'ka', 'kar'];

function vault(people) {
  const dir = mkdtempSync(join(tmpdir(), 'lagom-bench-'));
  const env = { ...process.env, LAGOM_NO_KEYRING: '1', LAGOM_PASSWORD: PASSWORD };
  const run = (...args) => execFileSync(lagom, ['--json', '--vault', join(dir, 'vault'), ...args], { env }).toString();
  const created = JSON.parse(run('init', '--owner', 'Kari Nordmann'));
  env.LAGOM_SECRET_KEY = created.secret_key;
  run('demo', '--people', String(people));
  return { dir, env };
}

async function serve(v) {
  const child = spawn(lagom, ['--json', '--vault', join(v.dir, 'vault'), 'serve', '--ui', join(ui, 'dist')], {
    env: v.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  for await (const line of createInterface({ input: child.stdout })) {
    text += line;
    if (line === '}') break;
  }
  return { child, ...JSON.parse(text) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];

async function measure(browser, people) {
  const v = vault(people);
  const server = await serve(v);
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.goto(server.open);
    await page.locator('[data-testid="unlock-password"]').fill(PASSWORD);
    await page.locator('[data-testid="unlock-secret-key"]').fill(v.env.LAGOM_SECRET_KEY);
    await page.locator('[data-testid="unlock-submit"]').click();
    await page.locator('[data-testid="people-row"]').first().waitFor();

    // A key press → the count and first row change. Measured in the page, from the key
    // event to the frame after the list shows the new answer (the search waits 80 ms for
    // more letters first, as it does for a person).
    const typing = [];
    const search = page.locator('[data-testid="people-search"]');
    for (const query of QUERIES) {
      await search.fill(query.slice(0, -1));
      await page.locator(`[data-testid="people-count"][data-shown="${query.slice(0, -1)}"]`).waitFor();
      const start = await page.evaluate(() => performance.now());
      await search.press(query.at(-1));
      // Until the list shows this search's answer, then the frame that draws it.
      const end = await page.evaluate(
        (q) =>
          new Promise((done) => {
            const check = () => {
              if (document.querySelector('[data-testid="people-count"]')?.dataset.shown === q)
                requestAnimationFrame(() => done(performance.now()));
              else requestAnimationFrame(check);
            };
            check();
          }),
        query,
      );
      typing.push(end - start);
    }
    await search.fill('');
    await page.waitForTimeout(300);

    // A jump far down the list → the rows there drawn with names in them.
    const scrolling = [];
    const total = people;
    for (let i = 1; i <= 12; i++) {
      const row = Math.floor((total * i) / 13);
      scrolling.push(
        await page.locator('.scroller').evaluate(
          (el, target) =>
            new Promise((done) => {
              const start = performance.now();
              el.scrollTop = target * 40;
              const check = () => {
                const drawn = [...el.querySelectorAll('li')].filter((li) => {
                  const top = parseFloat(li.style.top);
                  return top >= target * 40 - 1 && top < target * 40 + 400 && li.textContent.trim().length > 0;
                });
                if (drawn.length >= 5 && drawn.every((li) => /\p{L}/u.test(li.textContent))) done(performance.now() - start);
                else requestAnimationFrame(check);
              };
              check();
            }),
          row,
        ),
      );
    }
    await page.close();
    return { typing, scrolling };
  } finally {
    server.child.kill('SIGTERM');
    rmSync(v.dir, { recursive: true, force: true });
  }
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const small = await measure(browser, 1000);
  const big = await measure(browser, large);
  const line = (what, a, b) =>
    console.log(
      `${what}: ${large.toLocaleString('en')} people median ${median(b).toFixed(0)} ms (p90 ${p90(b).toFixed(0)} ms); ` +
        `1,000 people median ${median(a).toFixed(0)} ms (p90 ${p90(a).toFixed(0)} ms); ratio ${(median(b) / median(a)).toFixed(2)}×`,
    );
  line('key press to updated list', small.typing, big.typing);
  line('scroll jump to rows drawn', small.scrolling, big.scrolling);
} finally {
  await browser.close();
}
