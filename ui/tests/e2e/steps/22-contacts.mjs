// A person's addresses and numbers on their card: a second e-mail added as work and made
// primary on the way in, a phone number added and made primary, a kind changed, a bad
// address refused beside its field, one address removed after a confirmation naming it;
// the list then shows the primary address and number. The person is erased at the end.

export async function run(t) {
  const { page, byId, fail } = t;
  const { id } = await t.api('person.create', {
    fields: { first_name: 'Anna', last_name: 'Lindqvist', email: 'anna@lindqvist.se', phone: '+46 70 123 45 67' },
    allow_duplicate: true,
  });
  const row = (value) => byId('contact-row').and(page.locator(`[data-value="${value}"]`));
  const primary = async (value) => (await row(value).getAttribute('data-primary')) === 'true';
  // One of her addresses or numbers as the core has it, found by its digits or its address.
  const point = async (key) => {
    const digits = key.replace(/\D/g, '');
    const found = (await t.api('person.show', { person: id })).contacts.find((c) =>
      key.includes('@') ? c.value === key : c.value.replace(/\D/g, '').endsWith(digits.replace(/^0/, '')),
    );
    return found ?? fail(`no ${key} on the card`);
  };

  await byId('nav-people').click();
  await byId('people-search').fill('anna lindqvist');
  await byId('people-row').filter({ hasText: 'Anna Lindqvist' }).click();
  const card = byId('person-card');
  await card.getByRole('heading', { name: 'Anna Lindqvist' }).waitFor();
  await row('anna@lindqvist.se').getByTestId('contact-primary').waitFor();
  const mobile = await point('+46 70 123 45 67');
  await row(mobile.value).getByText(mobile.display).waitFor();

  console.log('  a second e-mail, for work, made primary as it is added');
  await byId('contact-add-open').click();
  await byId('contact-value').fill('anna@fjordbyra.se');
  await byId('contact-new-kind').selectOption('work');
  await byId('contact-new-primary').check();
  await byId('contact-save').click();
  await row('anna@fjordbyra.se').getByTestId('contact-primary').waitFor();
  if (await primary('anna@lindqvist.se')) fail('two primary e-mail addresses');
  if ((await row('anna@fjordbyra.se').getByTestId('contact-kind').inputValue()) !== 'work') fail('not added as work');

  console.log('  a bad address is refused beside its field');
  await byId('contact-add-open').click();
  await byId('contact-value').fill('anna at home');
  // The browser's own check of an e-mail field would stop the form; the core's answer is the one shown.
  await byId('contact-value').evaluate((e) => (e.type = 'text'));
  await byId('contact-save').click();
  await byId('field-error-email').getByText('Please check what you typed', { exact: false }).waitFor();
  await t.shot('contact-refused');

  console.log('  a phone number for work, then made primary');
  await byId('contact-channel').selectOption('phone');
  await byId('contact-value').fill('08-555 123 45');
  await byId('contact-save').click();
  // Written without a country code it is kept, and shown, as written.
  const phones = (n) =>
    page.waitForFunction((n) => document.querySelectorAll('[data-testid="contact-row"][data-channel="phone"]').length === n, n);
  await phones(2);
  const written = await point('08-555 123 45');
  await row(written.value).getByText(written.display).waitFor();
  await byId('contact-add-open').click();
  await byId('contact-channel').selectOption('phone');
  await byId('contact-value').fill('+46 8 555 123 45');
  await byId('contact-new-kind').selectOption('work');
  await byId('contact-save').click();
  await phones(3);
  const office = (await t.api('person.show', { person: id })).contacts.find((c) => c.display.startsWith('+46 8'));
  if (!office) fail('the Stockholm number is not grouped for its country');
  await row(office.value).getByTestId('contact-make-primary').click();
  await row(office.value).getByTestId('contact-primary').waitFor();
  if (await primary(mobile.value)) fail('two primary phone numbers');

  console.log('  a kind changed');
  await row('anna@lindqvist.se').getByTestId('contact-kind').selectOption('private');
  for (let i = 0; i < 50; i++) {
    const shown = await t.api('person.show', { person: id });
    if (shown.contacts.find((c) => c.value === 'anna@lindqvist.se')?.kind === 'private') break;
    if (i === 49) fail('the kind did not change');
    await page.waitForTimeout(100);
  }
  await byId('contacts').scrollIntoViewIfNeeded();
  await t.accessible('person card with several addresses');
  await t.shot('contacts');

  console.log('  a consent recorded for her private address names it');
  await byId('consent-give').click();
  await byId('consent-purpose').selectOption('E-marketing');
  await byId('consent-address-choice').selectOption('anna@lindqvist.se');
  await byId('consent-submit').click();
  await card.locator('[data-standing="valid"]').waitFor();
  await card.getByText('What happened').first().click();
  await byId('consent-address').getByText('anna@lindqvist.se', { exact: false }).waitFor();
  const consents = (await t.api('consent.list', { person: id }))[0].history;
  if (consents[consents.length - 1].email !== 'anna@lindqvist.se') fail('the consent does not name the address');

  console.log('  one removed, after a confirmation that names it');
  await row(written.value).getByTestId('contact-remove').click();
  const confirm = byId('confirm-dialog');
  await confirm.getByRole('heading', { name: `Remove ${written.display}?` }).waitFor();
  await byId('confirm-ok').click();
  await confirm.waitFor({ state: 'detached' });
  await row(written.value).waitFor({ state: 'detached' });
  await row('anna@lindqvist.se').getByTestId('contact-remove').click();
  await confirm.getByText('anna@lindqvist.se is taken off Anna Lindqvist’s card.', { exact: false }).waitFor();
  await byId('confirm-ok').click();
  await row('anna@lindqvist.se').waitFor({ state: 'detached' });

  console.log('  the list shows the primary address and number');
  await byId('person-close').click();
  await card.waitFor({ state: 'detached' });
  const listed = byId('people-row').filter({ hasText: 'Anna Lindqvist' });
  await listed.getByText('anna@fjordbyra.se').waitFor();
  await listed.getByText(office.display).waitFor();

  await t.api('person.erase', { person: id });
  await byId('people-search').fill('');
}
