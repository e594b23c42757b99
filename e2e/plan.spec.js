// "Mijn plan": the resident (anna, demo account) opens her plan from her
// dossier, adds a goal and a step, at 1280 and 375 px; axe-core finds zero
// violations (WCAG 2.1 A and AA) in Dutch and English. The server and the
// demo password come from playwright.config.js.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login, inDays } = require('./helpers');

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`mijn plan ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('anna opens her plan, adds a goal and a step', async ({ page }) => {
      await login(page, 'anna');
      await page.goto('/dossiers');
      await page.getByRole('listitem').getByRole('link').first().click();
      await page.getByRole('link', { name: 'Naar het plan (ladder en doelen)' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Mijn plan');
      await expect(page.getByRole('img', { name: /Uw plek op de ladder/ })).toBeVisible();
      await expectNoViolations(page);

      const goal = `Rust in mijn geld (${name})`;
      await page.getByLabel('Gebied', { exact: true }).selectOption({ label: 'Financiën en schulden' });
      await page.getByLabel('Wat wilt u bereiken?').fill(goal);
      await page.getByRole('button', { name: 'Doel toevoegen' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByRole('heading', { level: 4, name: goal })).toBeVisible();

      await page.getByLabel('Bij welk doel?').selectOption({ label: goal });
      await page.getByLabel('Wat is de stap?').fill('Alle brieven in één map');
      await page.getByLabel('Wanneer?').fill(inDays(7));
      await page.getByRole('button', { name: 'Stap toevoegen' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByText('Alle brieven in één map').first()).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/plan-anna-${name}.png`, fullPage: true });

      // An error is shown at its field and passes axe too.
      await page.getByLabel('Wat is de stap?').fill('Bellen');
      await page.getByLabel('Wanneer?').fill('morgen');
      await page.getByRole('button', { name: 'Stap toevoegen' }).click();
      await expect(page.locator('#stap-gepland-fout')).toContainText('Dit is geen datum.');
      await expectNoViolations(page);

      // Changing a step: its own small form behind "Stap wijzigen"; an error opens it by itself.
      let step = page.getByRole('listitem').filter({ hasText: 'Alle brieven in één map' }).last();
      await step.getByText('Stap wijzigen').click();
      await step.getByLabel('Nieuwe datum').fill('later');
      await step.getByRole('button', { name: 'Wijziging opslaan' }).click();
      await expect(page.locator('details[open] .utrecht-form-field-error-message')).toContainText('Dit is geen datum.');
      await expectNoViolations(page);
      step = page.getByRole('listitem').filter({ has: page.locator('details[open]') });
      await step.getByLabel('Nieuwe tekst van de stap').fill(`Alle brieven in één map, ook de oude (${name})`);
      await step.getByLabel('Nieuwe datum').fill(inDays(14));
      await step.getByRole('button', { name: 'Wijziging opslaan' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByText(`Alle brieven in één map, ook de oude (${name})`).first()).toBeVisible();
      await expectNoViolations(page);

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('My plan');
      await expectNoViolations(page);
    });
  });
}
