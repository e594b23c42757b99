// Buddies: bram (demo buddy) keeps his profile and opens his caseload; wies
// (demo WIJ-worker) opens the suggestions for household 1. At 1280 and
// 375 px axe-core finds zero violations (WCAG 2.1 A and AA), also with an
// error shown at its field and in English. The server and the demo password
// come from playwright.config.js.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login } = require('./helpers');

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`buddy ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('bram edits his profile and opens his caseload', async ({ page }) => {
      await login(page, 'bram');
      await page.goto('/mijn/buddyprofiel');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn buddyprofiel');
      await expectNoViolations(page);

      // An error at its field first.
      await page.getByLabel('Uw buurt (CBS-buurtcode)').fill('ergens');
      await page.getByRole('button', { name: 'Profiel opslaan' }).click();
      await expect(page.locator('#buurt-fout')).toBeVisible();
      await expectNoViolations(page);

      await page.getByLabel('Schulden').check();
      await page.getByLabel('Uw buurt (CBS-buurtcode)').fill('BU00140101');
      await page.getByLabel('Talen die u spreekt').fill('nl, ar');
      await page.getByLabel('Uren per week die u vrij heeft').fill('8');
      await page.getByLabel('Buddy Academie afgerond op').fill('2025-06-01');
      await page.getByRole('button', { name: 'Profiel opslaan' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByLabel('Talen die u spreekt')).toHaveValue('nl, ar');
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/buddy-profiel-${name}.png`, fullPage: true });

      await page.getByRole('link', { name: 'Naar mijn huishoudens' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn huishoudens');
      await expectNoViolations(page);
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('My households');
      await expectNoViolations(page);
    });

    test('wies sees suggestions with reasons and the contact log', async ({ page }) => {
      await login(page, 'wies');
      await page.goto('/dossiers/1/buddy');
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Een buddy zoeken');
      await expectNoViolations(page);
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Find a buddy');
      await expectNoViolations(page);
      await page.goto('/dossiers/1/contacten');
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Contactmomenten');
      await expectNoViolations(page);
    });
  });
}
