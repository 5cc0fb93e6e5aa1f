// Every screen holds at 1024×700 and at 1920×1080, in each of the four languages: no
// sideways scrolling and no control cut off (see ../layout.mjs); the import wizard's steps
// too, in English. Also pictures of the person card, wide and at 1024×700. Leaves the page
// on the people list, in English.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { everyScreen, holdsAtEverySize } from '../layout.mjs';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../fixtures');

export async function run(t) {
  const { page, byId } = t;
  const nav = (section) => async () => {
    await byId(`nav-${section}`).click();
    await page.locator('main h1').first().waitFor();
  };
  const escape = async () => {
    await page.keyboard.press('Escape');
    await page.locator('dialog[open]').first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => undefined);
  };
  const openCard = async () => {
    await byId('nav-people').click();
    await byId('people-search').fill('bjorn kjaer');
    await byId('people-row').filter({ hasText: 'Bjørn Kjær' }).first().click();
    await byId('person-remove').waitFor();
  };
  // Closes what the card opened (Escape), then the card, and shows the whole list again.
  const closeCard = async () => {
    while (await page.locator('dialog[open]').count() > 1) await page.keyboard.press('Escape');
    await byId('person-close').click();
    await byId('person-card').waitFor({ state: 'detached' });
    await byId('people-search').fill('');
    await page.locator('[data-testid="people-count"][data-shown=""]').waitFor();
  };
  /** The card, with `button` on it pressed and `shown` come up. */
  const opened = (button, shown) => async () => {
    await openCard();
    await byId(button).click();
    await byId(shown).waitFor();
  };
  const screens = [
    ['start screen', nav('today')],
    ['people list', nav('people')],
    ['person card', openCard, closeCard],
    ['erase dialog', opened('person-erase', 'erase-preview'), closeCard],
    ['export dialog', opened('person-export', 'export-dialog'), closeCard],
    ['privacy notice', opened('person-notice', 'notice-dialog'), closeCard],
    ['consent form', opened('consent-give', 'consent-form'), closeCard],
    [
      'person form',
      async () => {
        await byId('nav-people').click();
        await byId('people-new').click();
        await byId('person-form').waitFor();
      },
      async () => {
        await byId('person-form-cancel').click();
        await byId('person-form').waitFor({ state: 'detached' });
      },
    ],
    [
      'recycle bin',
      async () => {
        await byId('nav-people').click();
        await byId('people-view-bin').click();
        await byId('bin').waitFor();
      },
      async () => byId('people-view-active').click(),
    ],
    [
      'mass edit',
      async () => {
        await byId('nav-people').click();
        await byId('mass-edit-open').click();
        await byId('mass-edit').waitFor();
      },
      escape,
    ],
    ['organisations', nav('organisations')],
    [
      'organisation card',
      async () => {
        await byId('nav-organisations').click();
        await byId('organisation-row').first().click();
        await byId('organisation-card').waitFor();
      },
      async () => {
        await byId('organisation-close').click();
        await byId('organisation-card').waitFor({ state: 'detached' });
      },
    ],
    ['duplicates', nav('duplicates')],
    ['requests', nav('requests')],
    [
      'new request',
      async () => {
        await byId('nav-requests').click();
        await byId('request-new').click();
        await byId('request-kind').waitFor();
      },
      escape,
    ],
    [
      'request card',
      async () => {
        await byId('nav-requests').click();
        await byId('request-status-filter').selectOption('');
        await byId('request-row').first().getByRole('button').first().click();
        await byId('request-card').waitFor();
      },
      escape,
    ],
    ['marketing', nav('marketing')],
    ['import', nav('import')],
    ['audit log', nav('audit')],
    ['settings', nav('settings')],
  ];

  // Every language is visited before failing, so one run names all that does not hold.
  const failed = [];
  // A request to open, when the steps before left none.
  if (!(await t.api('requests.list', {})).length) {
    const bjorn = (await t.api('people.search', { query: 'bjorn@fjordror.no' })).people[0];
    await t.api('request.new', { kind: 'access', people: [bjorn.id] });
  }
  for (const language of ['en', 'nb', 'sv', 'da']) {
    console.log(`  every screen at 1024×700 and 1920×1080, ${language}`);
    await byId('language').selectOption(language);
    await page.locator(`html[lang="${language}"]`).waitFor();
    try {
      await everyScreen(page, screens, { shot: (name) => t.shot(`${name}-${language}`) });
    } catch (e) {
      failed.push(`${language}: ${e.message}`);
      await page.keyboard.press('Escape');
    }
  }
  await byId('language').selectOption('en');
  await page.locator('html[lang="en"]').waitFor();
  if (failed.length) t.fail(failed.join('\n'));

  console.log("  the import wizard's steps at both sizes (nothing imported)");
  await byId('nav-import').click();
  await byId('import-file-input').setInputFiles([join(fixtures, 'svenska_kunder.csv')]);
  await byId('import-start').click();
  await page.locator('[data-step="columns"][data-busy="false"]').waitFor();
  await holdsAtEverySize(page, 'import: columns');
  for (const step of ['minimise', 'purpose', 'duplicates', 'preview']) {
    await byId('import-next').click();
    await page.locator(`[data-step="${step}"][data-busy="false"]`).waitFor();
    await holdsAtEverySize(page, `import: ${step}`);
  }
  await byId('import-step').getByRole('button', { name: 'Start over' }).click();
  await byId('import-start').waitFor();

  console.log('  the person card, wide and at 1024×700');
  // Tall enough for the whole card, the Remove section at its foot included.
  await page.setViewportSize({ width: 1200, height: 960 });
  await openCard();
  await t.shot('person-card-wide');
  await page.setViewportSize({ width: 1024, height: 700 });
  await t.shot('person-card-1024');
  await byId('person-remove').scrollIntoViewIfNeeded();
  await t.shot('person-card-remove-1024');
  await closeCard();
  await page.setViewportSize({ width: 1200, height: 800 });
  await byId('nav-people').click();
}
