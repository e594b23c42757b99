// Two workers on one plan at the same moment (issue 6: "concurrent edits
// never lose data: last-writer conflicts are detected and shown"). anna (the
// resident) makes a goal; wies (WIJ-worker) and karim (caseworker) open her
// plan in their own browsers and both suggest a step from the same version.
// The first is saved; the second gets a clear message, keeps what was typed,
// and saves on the second try. Nothing is lost; axe-core finds zero
// violations on the conflict page.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login, inDays } = require('./helpers');

test('two workers suggest a step on the same plan at once; the second is told and loses nothing', async ({
  browser,
}) => {
  const open = async (username) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await login(page, username);
    return page;
  };
  const anna = await open('anna');
  const goal = `Een rustige week (${Date.now()})`;
  await anna.goto('/dossiers/1/plan');
  await anna.getByLabel('Gebied', { exact: true }).selectOption({ label: 'Welzijn' });
  await anna.getByLabel('Wat wilt u bereiken?').fill(goal);
  await anna.getByRole('button', { name: 'Doel toevoegen' }).click();
  await expect(anna.getByRole('status')).toHaveText('Opgeslagen.');

  const wies = await open('wies');
  const karim = await open('karim');
  for (const page of [wies, karim]) {
    await page.goto('/dossiers/1/plan');
    await page.getByLabel('Bij welk doel?').selectOption({ label: goal });
    await page.getByLabel('Wanneer?').fill(inDays(5));
  }
  await wies.getByLabel('Wat is de stap?').fill('Samen een wandeling maken');
  await karim.getByLabel('Wat is de stap?').fill('Een afspraak bij de huisarts maken');

  await wies.getByRole('button', { name: 'Stap voorstellen' }).click();
  await expect(wies.getByRole('status')).toHaveText('Opgeslagen.');

  // karim's form was made from the version before wies saved.
  await karim.getByRole('button', { name: 'Stap voorstellen' }).click();
  await expect(karim.getByRole('status')).toContainText('Iemand anders heeft het plan intussen gewijzigd');
  await expect(karim.getByLabel('Wat is de stap?')).toHaveValue('Een afspraak bij de huisarts maken');
  await expect(karim.getByText('Samen een wandeling maken').first()).toBeVisible();
  await expectNoViolations(karim);

  // The page now carries the new version: the second try is saved.
  await karim.getByLabel('Bij welk doel?').selectOption({ label: goal });
  await karim.getByRole('button', { name: 'Stap voorstellen' }).click();
  await expect(karim.getByRole('status')).toHaveText('Opgeslagen.');

  // anna sees both suggestions, waiting for her answer.
  await anna.goto('/dossiers/1/plan');
  await expect(anna.getByText('Samen een wandeling maken').first()).toBeVisible();
  await expect(anna.getByText('Een afspraak bij de huisarts maken').first()).toBeVisible();
  await expect(anna.getByRole('button', { name: 'Ja, opnemen in het plan: Samen een wandeling maken' })).toBeVisible();
});
