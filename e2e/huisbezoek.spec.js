// Home visits (wijkbenadering): wies (demo WIJ-worker) plans a round in a
// buurt and records a visit with the answer to the first question, then
// consent; then karim (demo caseworker) opens the dossier for that address.
// At 1280 and 375 px axe-core finds zero violations (WCAG 2.1 A and
// AA), also with an error shown at its field and in English. The server and
// the demo password come from playwright.config.js.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login } = require('./helpers');

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`huisbezoeken ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('wies plans a round and records a visit', async ({ page }) => {
      await login(page, 'wies');
      await page.getByRole('link', { name: 'Huisbezoeken in de wijk' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Huisbezoeken in de wijk');
      await expectNoViolations(page);

      // An error at its field first.
      await page.getByLabel('Buurt (CBS-buurtcode)').fill('ergens');
      await page.getByLabel('Adressen, één per regel').fill('9736 AB 1\n9736 AB 2a');
      await page.getByRole('button', { name: 'Ronde plannen' }).click();
      await expect(page.locator('#buurt-fout')).toBeVisible();
      await expectNoViolations(page);

      await page.getByLabel('Buurt (CBS-buurtcode)').fill('BU00140101');
      await page.getByRole('button', { name: 'Ronde plannen' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Huisbezoekronde in BU00140101');
      await expectNoViolations(page);

      await page.getByLabel('Adres', { exact: true }).first().selectOption({ label: '9736 AB 2a' });
      await page.getByLabel('belangstelling').check();
      await page.getByLabel('Het antwoord op').fill('Ik wil hulp bij mijn schulden.');
      await page.getByRole('button', { name: 'Bezoek vastleggen' }).click();
      await expect(page.getByRole('status')).toHaveText('Bezoek aan 9736 AB 2a vastgelegd: belangstelling.');
      await expect(page.getByRole('cell', { name: 'Ik wil hulp bij mijn schulden.' })).toBeVisible();
      await expectNoViolations(page);

      await page.getByLabel('Versie van de gegeven informatietekst').fill('2026-01');
      await page.getByRole('button', { name: 'Toestemming vastleggen' }).click();
      await expect(page.getByRole('status')).toHaveText(
        'Toestemming vastgelegd: de klantmanager kan nu een dossier aanmaken.',
      );
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/huisbezoek-${name}.png`, fullPage: true });
      // The page after a form has the form's address; the round is its parent.
      const round = new URL(page.url()).pathname.replace(/\/toestemming$/, '');

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home-visit round in BU00140101');
      await expectNoViolations(page);
      await page.getByRole('link', { name: 'To all rounds' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Home visits in the neighbourhood');
      await expectNoViolations(page);

      // The caseworker opens the dossier for the address that gave consent.
      await page.context().clearCookies();
      await login(page, 'karim');
      await page.goto(round);
      await expect(page.getByRole('heading', { name: 'Een dossier aanmaken' })).toBeVisible();
      await expectNoViolations(page);
      await page.getByLabel('Naam van het huishouden').fill('Huishouden Veenstra');
      await page.getByLabel('Burgerservicenummer (BSN) van de aanvrager').fill('123456789');
      await page.getByLabel('Geboortedatum van de aanvrager').fill('1975-06-02');
      await page.getByRole('button', { name: 'Dossier aanmaken' }).click();
      await expect(page.locator('#dossier-bsn-fout')).toBeVisible();
      await expect(page.getByLabel('Naam van het huishouden')).toHaveValue('Huishouden Veenstra');
      await expectNoViolations(page);
      await page.getByLabel('Burgerservicenummer (BSN) van de aanvrager').fill('111222333');
      await page.getByRole('button', { name: 'Dossier aanmaken' }).click();
      await expect(page).toHaveURL(/\/dossiers\/\d+\/wijzigen/);
      await expectNoViolations(page);
      await page.goto(round);
      await expect(page.getByRole('link', { name: /^Dossier \d+$/ })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Een dossier aanmaken' })).toHaveCount(0);
    });
  });
}
