// Logging in as each role and walking the pages behind the login: axe-core
// zero violations (desktop and 375 px), keyboard-only login, and the
// administrator's audit log. The server runs with a temporary SQLite
// database and demo accounts whose password the test sets
// (ADEMRUIMTE_DEMO_WACHTWOORD, see playwright.config.js).
const { test, expect } = require('@playwright/test');
const { PASSWORD, expectNoViolations, login } = require('./helpers');

const ROLES = [
  ['anna', 'deelnemer'],
  ['bram', 'buddy'],
  ['wies', 'WIJ-medewerker'],
  ['karim', 'klantmanager'],
  ['olga', 'onderzoeker'],
  ['beheer', 'beheerder'],
  ['bakker', 'ondernemer'],
];

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`accounts ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('the login page passes axe in Dutch and English', async ({ page }) => {
      for (const path of ['/inloggen', '/inloggen?taal=en']) {
        await page.goto(path);
        await expectNoViolations(page);
      }
    });

    for (const [username, role] of ROLES) {
      test(`log in as ${role}: my account passes axe, then log out`, async ({ page }) => {
        await login(page, username);
        await expect(page.getByText(`met de rol ${role}`)).toBeVisible();
        await expectNoViolations(page);
        await page.screenshot({ path: `test-results/mijn-${username}-${name}.png`, fullPage: true });
        const log = page.getByRole('link', { name: 'Het logboek van verwerkingen' });
        if (username === 'beheer') {
          await log.click();
          await expect(page.getByRole('heading', { level: 1 })).toHaveText('Logboek van verwerkingen');
          await expect(page.getByRole('cell', { name: 'eigen account lezen' }).first()).toBeVisible();
          await expectNoViolations(page);
          await page.screenshot({ path: `test-results/logboek-${name}.png`, fullPage: true });
          await page.goBack();
        } else {
          await expect(log).toHaveCount(0);
          const r = await page.goto('/beheer/logboek');
          expect(r.status()).toBe(403);
          await expectNoViolations(page);
          await page.goto('/mijn');
        }
        await page.getByRole('button', { name: 'Uitloggen' }).click();
        await page.goto('/mijn');
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Inloggen');
      });
    }
  });
}

test('a wrong password is explained, and login works with the keyboard alone', async ({ page }) => {
  await page.goto('/inloggen');
  await page.getByLabel('Gebruikersnaam').fill('olga');
  await page.getByLabel('Wachtwoord').fill('niet het goede wachtwoord');
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect(page.getByRole('alert')).toContainText('klopt niet');
  await expectNoViolations(page);
  await page.goto('/inloggen');
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // home link
  await page.keyboard.press('Tab'); // language link
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Gebruikersnaam')).toBeFocused();
  await page.keyboard.type('olga');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn account');
});

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test(`wallet (${name}): the resident pays the bakery, the bakery shows a QR request; axe on every page`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await login(page, 'anna');
    await page.goto('/portemonnee');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn portemonnee');
    await expectNoViolations(page);
    await page.getByLabel('Naar rekeningnummer').fill('2001');
    await page.getByLabel('Bedrag, in munt (zoals 12,50)').first().fill('2,50');
    await page.getByRole('button', { name: 'Betaal', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('Betaald. ℳ 2,50');
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/portemonnee-${name}.png`, fullPage: true });
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await login(page, 'bakker');
    await page.goto('/portemonnee');
    await page.getByLabel('Bedrag, in munt (zoals 12,50)').last().fill('3,20');
    await page.getByRole('button', { name: 'Maak betaalverzoek' }).click();
    await expect(page.getByRole('img', { name: 'QR-code van het betaalverzoek' })).toBeVisible();
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/betaalverzoek-${name}.png`, fullPage: true });
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
  });
}

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test(`dossiers (${name}): resident, buddy and caseworker each see what they may; axe on every page`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    // The resident: her own dossier in full, with the benefit explained; she chooses a package.
    await login(page, 'anna');
    await page.getByRole('link', { name: 'Dossiers' }).click();
    await expectNoViolations(page);
    await page.getByRole('link', { name: 'Huishouden De Vries' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'De bijstand deze maand' })).toBeVisible();
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/dossier-deelnemer-${name}.png`, fullPage: true });
    await page.getByLabel('Pakket', { exact: true }).selectOption('kosten-delen');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect(page.getByRole('status')).toContainText('Opgeslagen.');
    await expectNoViolations(page);
    await page.getByLabel('Pakket', { exact: true }).selectOption('basis');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    // The buddy: only the basics of the household assigned to him.
    await login(page, 'bram');
    await page.goto('/dossiers/1');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Huishouden De Vries');
    await expect(page.getByText('De bijstand deze maand')).toHaveCount(0);
    await expectNoViolations(page);
    const r = await page.goto('/dossiers/3');
    expect(r.status()).toBe(403);
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    // The caseworker: every dossier.
    await login(page, 'karim');
    await page.goto('/dossiers/3');
    await expect(page.getByRole('heading', { level: 2, name: 'De bijstand deze maand' })).toBeVisible();
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/dossier-klantmanager-${name}.png`, fullPage: true });
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
  });
}

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test(`dossier form (${name}): the caseworker changes a household; errors are named at their field; axe on every state`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await login(page, 'karim');
    await page.goto('/dossiers/2');
    await page.getByRole('link', { name: 'Gegevens van het huishouden wijzigen' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Gegevens wijzigen');
    await expectNoViolations(page);
    // A mistyped BSN: the summary names it and links to the field, the field says what is wrong.
    await page.getByLabel('BSN van de aanvrager').fill('123456789');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect(page.getByRole('alert')).toContainText('Dit BSN klopt niet');
    await expect(page.getByLabel('BSN van de aanvrager')).toHaveAttribute('aria-invalid', 'true');
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/dossier-wijzigen-fout-${name}.png`, fullPage: true });
    // Put it right, add a child, and save.
    await page.getByLabel('BSN van de aanvrager').fill('123456782');
    await page.getByLabel('Kind 1: geboortedatum').fill('2018-05-04');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect(page.getByRole('status')).toContainText('Opgeslagen.');
    await expect(page.getByRole('rowheader', { name: 'Kind 1' })).toBeVisible();
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/dossier-na-wijzigen-${name}.png`, fullPage: true });
    // Undo the child so the next run starts the same.
    await page.getByRole('link', { name: 'Gegevens van het huishouden wijzigen' }).click();
    await page.getByLabel('Kind 1: geboortedatum').fill('');
    await page.getByRole('button', { name: 'Opslaan' }).click();
    await expect(page.getByRole('status')).toContainText('Opgeslagen.');
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    // The resident reports a change in her own household: no registry fields for her.
    await login(page, 'anna');
    await page.goto('/dossiers/1/wijzigen');
    await expect(page.getByLabel('BSN van de aanvrager')).toHaveCount(0);
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/dossier-wijzigen-deelnemer-${name}.png`, fullPage: true });
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
  });
}

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test(`mijn overzicht (${name}): one calm page for the resident; axe in Dutch and English`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await login(page, 'anna');
    await page.getByRole('link', { name: 'Mijn overzicht' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn overzicht');
    await expect(page.getByRole('heading', { level: 2, name: 'Uw bijstand' })).toBeVisible();
    await expect(page.getByText('Bram Jansen (buddy)')).toBeVisible();
    await expectNoViolations(page);
    await page.screenshot({ path: `test-results/mijn-overzicht-${name}.png`, fullPage: true });
    await page.goto('/mijn/overzicht?taal=en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('My overview');
    await expectNoViolations(page);
    await page.goto('/mijn');
    await page.getByRole('button', { name: 'Uitloggen' }).click();
  });
}
