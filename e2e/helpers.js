// What every browser test needs: the axe-core check (WCAG 2.1 A and AA, zero
// violations), logging in as a demo account (the password comes from
// playwright.config.js), and a date some days from today (year-month-day).
const { expect } = require('@playwright/test');
const { AxeBuilder } = require('@axe-core/playwright');

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const PASSWORD = process.env.ADEMRUIMTE_DEMO_WACHTWOORD;

async function expectNoViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function login(page, username) {
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord').fill(PASSWORD);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn account');
}

function inDays(n) {
  const d = new Date(Date.now() + n * 24 * 60 * 60 * 1000);
  return d.toISOString().slice(0, 10);
}

module.exports = { WCAG, PASSWORD, expectNoViolations, login, inDays };
