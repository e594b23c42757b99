// Every page passes axe-core (WCAG 2.0/2.1 A and AA) with zero violations,
// in Dutch and English, on a desktop and a 375 px phone screen; the form
// works with the keyboard alone and explains its errors.
const { test, expect } = require('@playwright/test');
const { expectNoViolations: expectNoAxeViolations } = require('./helpers');


async function expectNoViolations(page) {
  await expectNoAxeViolations(page);
  // The NL Design System stylesheet really loaded (not just the HTML).
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  expect(font).not.toBe('');
}

async function fillSingle(page) {
  await page.getByLabel(/Uw geboortedatum|Your date of birth/).fill('1985-01-01');
  await page.getByLabel(/Voor welke datum|For which date/).fill('2026-03-01');
}

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    for (const path of ['/', '/?taal=en', '/rekenhulp', '/rekenhulp?taal=en', '/loont-werken', '/loont-werken?taal=en']) {
      test(`axe: ${path}`, async ({ page }) => {
        await page.goto(path);
        await expectNoViolations(page);
      });
    }

    test('the calculator computes and explains, and passes axe', async ({ page }) => {
      await page.goto('/rekenhulp');
      await fillSingle(page);
      await page.getByRole('button', { name: 'Bereken mijn bijstand' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Uw bijstand');
      const paid = page.getByRole('row', { name: /Uitkering per maand/ });
      await expect(paid).toContainText('€ 1.334,23');
      await expect(page.getByRole('link', { name: /artikel 21 onderdeel a Participatiewet/ }).first()).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/uitkomst-${name}.png`, fullPage: true });
    });

    test('does work pay: packages compared, chart shown, passes axe', async ({ page }) => {
      await page.goto('/loont-werken');
      await fillSingle(page);
      await page.getByLabel('Bruto uurloon, in euro *').fill('14,50');
      await page.getByLabel('Uren per week').fill('20');
      await page.getByLabel('Kale huur per maand, in euro').fill('650');
      await page.getByRole('button', { name: 'Reken het uit' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Loont werken?');
      await expect(page.getByRole('row', { name: /Bijverdienen en investeren/ })).toContainText('€ 2.677,76');
      await expect(page.getByRole('img', { name: /Loont werken\? Netto inkomen per maand/ })).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/loont-werken-${name}.png`, fullPage: true });
    });

    test('errors are listed, linked to their field and announced', async ({ page }) => {
      await page.goto('/rekenhulp');
      await page.getByLabel('Voor welke datum? *').fill('');
      await page.getByLabel('Netto loon per maand, in euro').fill('veel');
      await page.getByRole('button', { name: 'Bereken mijn bijstand' }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('Vul deze datum in.');
      await expect(alert).toContainText('"veel" is geen bedrag');
      await expect(page.getByLabel('Uw geboortedatum *')).toHaveAttribute('aria-invalid', 'true');
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/fouten-${name}.png`, fullPage: true });
    });
  });
}

test('the form works with the keyboard alone', async ({ page }) => {
  await page.goto('/rekenhulp?taal=en');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  // Every field and the button are reachable with Tab, in reading order.
  const order = [];
  for (let i = 0; i < 100; i += 1) { // date inputs have a tab stop per part
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
    if (order[order.length - 1] === 'BUTTON') break;
  }
  expect(order.indexOf('geboortedatum')).toBeGreaterThan(-1);
  expect(order.indexOf('geboortedatum')).toBeLessThan(order.indexOf('datum'));
  expect(order[order.length - 1]).toBe('BUTTON');
  await page.getByLabel('Your date of birth *').fill('1990-06-15');
  await page.getByLabel('For which date? *').fill('2026-03-01');
  await page.getByRole('button', { name: 'Calculate my assistance' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your assistance');
  await expect(page.getByRole('row', { name: /Paid per month/ })).toContainText('€1,334.23');
});
