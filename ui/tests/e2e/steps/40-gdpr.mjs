// GDPR at work through the screens, on three people of the step's own (so the counts later
// steps check stay as they are): the business and a consent text set up in the settings;
// one consent asked for by e-mail and confirmed with the code from the message, one asked
// for and left pending, one given and withdrawn; the marketing list (a CSV download) holds only the confirmed
// one and counts the others; an access request answered with the bundle as a PDF download
// (opened with its passphrase by qpdf and pypdf, refused with a wrong one); an erasure
// request carried out, leaving nothing to find.

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const people = {
  berit: { first_name: 'Berit', last_name: 'Samtykke', email: 'berit@fjordror.no' },
  dag: { first_name: 'Dag', last_name: 'Venter', email: 'dag@fjordror.no' },
  cecilie: { first_name: 'Cecilie', last_name: 'Trekker', email: 'cecilie@fjordror.no' },
};

/** The plain text of a saved message, decoded by Python's own e-mail parser. */
function textOf(file) {
  const script = [
    'import email, email.policy, sys',
    'm = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)',
    'print(m.get_body(preferencelist=("plain",)).get_content())',
  ].join('\n');
  return execFileSync('python3', ['-c', script, file], { encoding: 'utf8' });
}

/** The confirmation code in a message: four and four characters, as the core writes it. */
function codeIn(text) {
  const match = text.match(/\b([2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4})\b/);
  if (!match) throw new Error(`no confirmation code in the message:\n${text}`);
  return match[1];
}

async function openPerson(t, name) {
  const { byId } = t;
  await byId('nav-people').click();
  await byId('people-search').fill(name);
  await byId('people-row').filter({ hasText: name }).first().click();
  await byId('person-card').getByText(name).first().waitFor();
  return byId('person-card');
}

async function closeCard(t) {
  await t.byId('person-close').click();
  await t.byId('person-card').waitFor({ state: 'detached' });
}

export async function run(t) {
  const { page, byId, fail, work } = t;
  const ids = {};
  for (const [key, fields] of Object.entries(people)) ids[key] = (await t.api('person.create', { fields })).id;

  console.log('  the business and a consent text in the settings');
  await byId('nav-settings').click();
  await byId('business-name').fill('Fjord Rør AS');
  await byId('business-email').fill('personvern@fjordror.no');
  await byId('business-country').selectOption('NO');
  await byId('business-save').click();
  await byId('business-form').getByText('Saved.').waitFor();
  await byId('consent-texts-kind').selectOption('E-marketing');
  await byId('consent-texts-language').selectOption('en');
  await byId('consent-texts-body').fill('Yes, Fjord Rør AS may send me offers and news by e-mail. I can say no at any time.');
  await byId('consent-texts-add').click();
  await byId('consent-texts-current').getByText('Yes, Fjord Rør AS may send me offers').waitFor();
  await byId('lists-settings').waitFor();
  await t.accessible('settings with lists');
  await byId('consent-texts').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await t.shot('settings-gdpr');

  console.log('  double opt-in: asked by e-mail, confirmed with the code');
  const mail = join(work, 'outbox');
  mkdirSync(mail);
  let card = await openPerson(t, 'Berit Samtykke');
  await byId('consent-request').click();
  await byId('consent-purpose').selectOption('E-marketing');
  // No mail server here: the message arrives as a download, to send from a mail program.
  await byId('consent-save-file').check();
  const [asked] = await Promise.all([page.waitForEvent('download'), byId('consent-submit').click()]);
  if (!/^consent-confirmation-.*\.eml$/.test(asked.suggestedFilename())) fail(`the message is named ${asked.suggestedFilename()}`);
  await byId('consent-sent').getByText(`was downloaded as ${asked.suggestedFilename()}`).waitFor();
  await card.locator('[data-standing="pending"]').waitFor();
  const saved = join(mail, asked.suggestedFilename());
  await asked.saveAs(saved);
  const eml = readFileSync(saved, 'utf8');
  if (!/^To: .*berit@fjordror\.no/m.test(eml)) fail('the message is not to Berit');
  const message = textOf(saved);
  if (!message.includes('Yes, Fjord Rør AS may send me offers')) fail('the message lacks the consent text');
  await byId('consent-code').fill('WRNG-2345');
  await byId('consent-confirm').click();
  await card.getByText(/code/i).first().waitFor();
  await byId('consent-code').fill(codeIn(message));
  await byId('consent-confirm').click();
  await card.locator('[data-standing="valid"]').waitFor();
  await card.getByText('What happened').first().click();
  await byId('consent-text').first().getByText('Yes, Fjord Rør AS may send me offers').waitFor();
  await t.accessible('person card with consent');
  await t.shot('consent-confirmed');
  await closeCard(t);

  console.log('  one left pending, one given and withdrawn');
  card = await openPerson(t, 'Dag Venter');
  await byId('consent-request').click();
  await byId('consent-purpose').selectOption('E-marketing');
  await byId('consent-save-file').check();
  await Promise.all([page.waitForEvent('download'), byId('consent-submit').click()]);
  await card.locator('[data-standing="pending"]').waitFor();
  await closeCard(t);
  card = await openPerson(t, 'Cecilie Trekker');
  await byId('consent-give').click();
  await byId('consent-purpose').selectOption('E-marketing');
  await byId('consent-method').selectOption('phone');
  await byId('consent-evidence').fill('Call with Kari');
  await byId('consent-submit').click();
  await card.locator('[data-standing="valid"]').waitFor();
  await byId('consent-withdraw').click();
  await card.locator('[data-standing="withdrawn"]').waitFor();
  await closeCard(t);

  console.log('  purpose and legal basis for everyone a search shows');
  await byId('people-search').fill('Dag Venter');
  await byId('people-count').getByText('1 found').waitFor();
  await byId('mass-edit-open').click();
  await byId('mass-edit-purpose').selectOption('Customer relationship');
  await byId('mass-edit-basis').selectOption('f');
  await byId('mass-edit-check').click();
  await byId('mass-edit-report').getByText('One person would get this purpose and legal basis.').waitFor();
  await byId('mass-edit-apply').click();
  await byId('mass-edit-report').getByText('Done: one person has this purpose and legal basis now.').waitFor();
  await t.accessible('mass edit');
  await t.shot('mass-edit');
  await page.keyboard.press('Escape');
  card = await openPerson(t, 'Dag Venter');
  await card.getByText('Customer relationship, GDPR Art. 6(1)(f)').waitFor();
  await closeCard(t);

  console.log('  the marketing list: only the confirmed one, as a CSV download');
  await byId('nav-marketing').click();
  await byId('marketing-purpose').selectOption('E-marketing');
  const [listDownload] = await Promise.all([page.waitForEvent('download'), byId('marketing-run').click()]);
  const listName = listDownload.suggestedFilename();
  if (!/^marketing-e-marketing-\d{4}-\d{2}-\d{2}\.csv$/.test(listName)) fail(`the list is named ${listName}`);
  const list = join(work, listName);
  await listDownload.saveAs(list);
  const result = byId('marketing-result');
  await result.getByText('One person on the list').waitFor();
  await result.getByText('Consent asked for but not confirmed: 1').waitFor();
  await result.getByText('Consent withdrawn: 1').waitFor();
  await byId('marketing-saved-where').getByText(listName).waitFor();
  const rows = readFileSync(list, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));
  if (rows[0].join(',') !== 'first_name,last_name,email,language,consent_given_at,consent_text_version') {
    fail(`the list's header is ${rows[0]}`);
  }
  if (rows.length !== 2 || rows[1][2] !== 'berit@fjordror.no') fail(`the list holds the wrong people:\n${rows.join('\n')}`);
  await t.accessible('marketing list');
  await t.shot('marketing-list');

  console.log('  the privacy notice saved as a web page: a download');
  await openPerson(t, 'Cecilie Trekker');
  await byId('person-notice').click();
  const notice = byId('notice-dialog');
  await byId('notice-text').waitFor();
  await byId('notice-format').selectOption('html');
  const [noticeDownload] = await Promise.all([page.waitForEvent('download'), byId('notice-save').click()]);
  const noticeName = noticeDownload.suggestedFilename();
  if (!/^privacy-notice-\d{4}-\d{2}-\d{2}\.html$/.test(noticeName)) fail(`the notice is named ${noticeName}`);
  const noticeFile = join(work, noticeName);
  await noticeDownload.saveAs(noticeFile);
  await byId('notice-done-where').getByText(noticeName).waitFor();
  if (!readFileSync(noticeFile, 'utf8').includes('Cecilie')) fail('the downloaded notice does not name the person');
  await byId('notice-format').selectOption('eml');
  const [emlDownload] = await Promise.all([page.waitForEvent('download'), byId('notice-save').click()]);
  const noticeEml = join(work, emlDownload.suggestedFilename());
  await emlDownload.saveAs(noticeEml);
  if (!textOf(noticeEml).includes('Cecilie')) fail('the downloaded message does not name the person');
  await page.keyboard.press('Escape');
  await notice.waitFor({ state: 'detached' });
  await closeCard(t);

  console.log('  an access request answered with the encrypted bundle');
  await byId('nav-requests').click();
  await byId('request-new').click();
  await byId('request-kind').selectOption('access');
  await byId('request-person-search').fill('berit');
  await byId('request-person-choice').filter({ hasText: 'Berit Samtykke' }).click();
  await byId('request-create').click();
  const request = byId('request-card');
  await request.getByText('Access (a copy of their data)').waitFor();
  await byId('request-due').getByText(/days left/).waitFor();
  await byId('request-identity').selectOption('verified');
  await byId('request-actions').getByText('Identity check recorded').waitFor();
  await t.accessible('request card');
  await t.shot('request-card');
  await byId('request-export').click();
  // The summary's language and why, from the person (nothing tells here: the vault's).
  await byId('export-language-from').waitFor();
  await t.shot('export-dialog');
  await byId('export-pdf').check();
  const [download] = await Promise.all([
    page.waitForEvent('download').catch(async (e) => {
      await t.shot('export-no-download');
      throw e;
    }),
    byId('export-run').click(),
  ]);
  const name = download.suggestedFilename();
  if (!/^subject-access-berit-samtykke-\d{4}-\d{2}-\d{2}\.pdf$/.test(name)) fail(`the download is named ${name}`);
  const pdf = join(work, name);
  await download.saveAs(pdf);
  await byId('export-where').getByText(name).waitFor();
  const passphrase = (await byId('export-passphrase').textContent()).trim();
  if (!/^[a-z]+(-[a-z]+){7}$/.test(passphrase)) fail(`the passphrase is not eight words: ${passphrase}`);
  await t.shot('export-saved');
  // Opened by independent readers: qpdf for the attachments, pypdf for the pages' text.
  try {
    execFileSync('qpdf', ['--password=not-the-right-words', '--show-attachment=subject-access.json', pdf], { stdio: 'pipe' });
    fail('the PDF opened with a wrong passphrase');
  } catch (e) {
    if (!String(e.stderr).includes('invalid password')) throw e;
  }
  const json = JSON.parse(
    execFileSync('qpdf', [`--password=${passphrase}`, '--show-attachment=subject-access.json', pdf], { encoding: 'utf8' }),
  );
  if (json.person.last_name !== 'Samtykke') fail(`the attached JSON is of ${json.person.last_name}`);
  const pages = execFileSync(
    '/usr/bin/python3',
    ['-c', 'import sys, pypdf\nr = pypdf.PdfReader(sys.argv[1])\nr.decrypt(sys.argv[2])\nprint("\\n".join(p.extract_text() for p in r.pages))', pdf, passphrase],
    { encoding: 'utf8' },
  );
  for (const words of ['Berit Samtykke', 'Fjord Rør AS', 'Datatilsynet']) {
    if (!pages.includes(words)) fail(`the PDF's pages lack ${words}:\n${pages}`);
  }
  await byId('export-saved').check();
  await byId('export-close').click();
  await byId('request-actions').getByText('Copy of the data exported').waitFor();
  await byId('request-close').click();
  await byId('request-close-as').selectOption('done');
  await byId('request-close-save').click();
  await byId('request-status').getByText('Done').waitFor();
  await page.keyboard.press('Escape');

  console.log('  a rectification request: the record corrected, recorded on the request');
  await byId('request-new').click();
  await byId('request-kind').selectOption('rectification');
  await byId('request-person-search').fill('venter');
  await byId('request-person-choice').filter({ hasText: 'Dag Venter' }).click();
  await byId('request-create').click();
  await byId('request-rectify').click();
  await byId('rectify-city').fill('Tromsø');
  await byId('rectify-save').click();
  await byId('request-actions').getByText('Record corrected').waitFor();
  const dag = await t.api('person.show', { person: ids.dag });
  if (dag.city !== 'Tromsø') fail(`the correction did not land: ${dag.city}`);
  await page.keyboard.press('Escape');

  console.log('  an erasure request carried out');
  await byId('request-new').click();
  await byId('request-kind').selectOption('erasure');
  await byId('request-person-search').fill('berit');
  await byId('request-person-choice').filter({ hasText: 'Berit Samtykke' }).click();
  await byId('request-create').click();
  await byId('request-identity').selectOption('verified');
  await byId('request-erase').click();
  await byId('erase-preview').getByText(/Consent records: \d/).waitFor();
  await t.accessible('erasure confirmation');
  await t.shot('erase-preview');
  await byId('erase-understood').check();
  await byId('erase-confirm').click();
  const done = (await byId('erase-done').textContent()).trim();
  const pseudonym = done.match(/ERASED-[0-9A-Z]+/)?.[0];
  if (!pseudonym) fail(`no pseudonym shown: ${done}`);
  await page.getByRole('button', { name: 'Close' }).last().click();
  await request.getByText(`Erased person ${pseudonym}`).waitFor();
  await page.keyboard.press('Escape');

  const found = await t.api('people.search', { query: 'berit samtykke' });
  if (found.people.length) fail('the erased person is still found');
  for (const key of ['dag', 'cecilie']) await t.api('person.delete', { person: ids[key] });
  await byId('nav-people').click();
  await byId('people-search').fill('');
}
