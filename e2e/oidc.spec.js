// Logging in with the municipality's login (OpenID Connect) in a real browser:
// the button on the login page, the provider's own login and consent pages
// (oidc-provider from npm, started by playwright.config.js), back to "Mijn
// account" with a session for the linked demo account; and the refusals, with
// axe-core (WCAG 2.1 A and AA) on every page of ours.
const { test, expect } = require('@playwright/test');
const { expectNoViolations } = require('./helpers');

// At the provider (its development pages, not ours): log in as `login`, then agree.
async function atProvider(page, login) {
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('willekeurig');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test(`log in with the municipality login (${name}): linked on username, then my account`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/inloggen');
    const button = page.getByRole('link', { name: 'Inloggen met Testgemeente-account' });
    await expect(button).toBeVisible();
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/inloggen-oidc-${name}.png`, fullPage: true });
    await button.click();
    await atProvider(page, 'sub-anna-7f3a');
    // Back at ours: the page moves on by itself to my account, logged in as Anna.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn account');
    await expect(page.getByText('U bent ingelogd als Anna de Vries (anna), met de rol deelnemer')).toBeVisible();
    await expectNoViolations(page);
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await page.goto('/mijn');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggen');
  });
}

test('someone without a linked account is refused on a clear page, English first when chosen', async ({ page }) => {
  await page.goto('/inloggen?taal=en');
  await page.getByRole('link', { name: 'Log in with Testgemeente-account' }).click();
  await atProvider(page, 'sub-onbekend-55d0');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Log in');
  await expect(page.getByText('no Ademruimte account is linked to this login')).toBeVisible();
  await expect(page.getByText('aan deze inlog is nog geen account in Ademruimte gekoppeld')).toBeVisible();
  await expectNoViolations(page);
  await page.screenshot({ path: 'test-results/oidc-geweigerd.png', fullPage: true });
  const r = await page.goto('/mijn');
  expect(r.url()).toContain('/inloggen');
});

test('stopping at the provider, or a return without a login under way, is refused', async ({ page }) => {
  await page.goto('/inloggen/oidc');
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  await expect(page.getByText('U heeft het inloggen bij de gemeente afgebroken')).toBeVisible();
  await expectNoViolations(page);
  const r = await page.goto('/inloggen/oidc/terug?code=verzonnen&state=verzonnen');
  expect(r.status()).toBe(400);
  await expect(page.getByText('Uw inlogpoging is verlopen of al gebruikt')).toBeVisible();
  await expectNoViolations(page);
});
