// Zelfredzaamheid: the WIJ-worker (wies, demo account, assigned to household 1)
// records a ZRM assessment and sees the trend; the resident (anna) records her
// own ademruimte-score and her choice who sees it, at 1280 and 375 px; axe-core finds zero violations
// (WCAG 2.1 A and AA) in Dutch and English. The server and the demo password
// come from playwright.config.js.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login } = require('./helpers');

async function openFromDossier(page) {
  await page.goto('/dossiers');
  await page.getByRole('listitem').getByRole('link').first().click();
  await page.getByRole('link', { name: 'Naar zelfredzaamheid en ademruimte' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Zelfredzaamheid');
}

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`zelfredzaamheid ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('wies records an assessment and sees the trend', async ({ page }) => {
      await login(page, 'wies');
      await openFromDossier(page);
      await expectNoViolations(page);

      await page.getByLabel('Financiën', { exact: true }).selectOption('2');
      await page.getByLabel('Huisvesting', { exact: true }).selectOption('4');
      await page.getByRole('button', { name: 'Meting opslaan' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByRole('cell', { name: '2 (niet zelfredzaam)' })).toBeVisible();
      await expect(page.getByRole('img', { name: /Zelfredzaamheid per domein/ })).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/zelfredzaamheid-wies-${name}.png`, fullPage: true });

      // An error is shown at its field and passes axe too.
      await page.getByLabel('Datum van de meting').fill('morgen');
      await page.getByRole('button', { name: 'Meting opslaan' }).click();
      await expect(page.locator('#meting-datum-fout')).toContainText('Dit is geen datum.');
      await expectNoViolations(page);

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Self-reliance');
      await expectNoViolations(page);
    });

    test('anna records her ademruimte-score', async ({ page }) => {
      await login(page, 'anna');
      await openFromDossier(page);
      await expectNoViolations(page);

      await page.getByLabel(/Hoeveel ademruimte voelt u nu/).selectOption('4');
      await page.getByLabel(/Hoeveel stress voelt u nu/).selectOption('7');
      await page.getByRole('button', { name: 'Mijn score opslaan' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByRole('cell', { name: '7', exact: true })).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/zelfredzaamheid-anna-${name}.png`, fullPage: true });

      // Her choice who sees her scores: not shared until she says so; she shares, with the keyboard-usable radios.
      await expect(page.getByText('Nu ziet alleen u uw scores.')).toBeVisible();
      await page.getByLabel('Ja, zij mogen mijn scores zien').check();
      await page.getByRole('button', { name: 'Keuze bewaren' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByText('Nu zien uw klantmanager en uw WIJ-medewerker uw scores.')).toBeVisible();
      await expectNoViolations(page);
      await page.getByLabel('Nee, alleen ik zie mijn scores').check();
      await page.getByRole('button', { name: 'Keuze bewaren' }).click();
      await expect(page.getByText('Nu ziet alleen u uw scores.')).toBeVisible();

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Self-reliance');
      await expectNoViolations(page);
    });
  });
}
