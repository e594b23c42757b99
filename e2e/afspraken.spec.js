// Appointments and letters: the caseworker (karim) makes an appointment and
// sends a task for household 1 from the dossier page; the resident (anna)
// sees both on Mijn overzicht, says she cannot come and marks the task done;
// the WIJ-worker (wies) sees her answer and moves the appointment. At 1280
// and 375 px; axe-core finds zero violations (WCAG 2.1 A and AA) in Dutch and
// English, also with errors shown at their fields. The server and the demo
// password come from playwright.config.js; login and axe from helpers.js.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login, inDays } = require('./helpers');

for (const [name, width, time, moved] of [['desktop', 1280, '09:30', '10:15'], ['telefoon', 375, '14:00', '15:45']]) {
  test.describe(`afspraken ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('karim plans, anna cannot come, wies moves it', async ({ page }) => {
      const subject = `Uw aanvraag bespreken (${name})`;
      await login(page, 'karim');
      await page.goto('/dossiers/1');
      await page.getByRole('link', { name: 'Naar afspraken en brieven' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('Afspraken en brieven');
      await expectNoViolations(page);

      // An error is shown at its field, the input kept, and passes axe.
      const form = page.getByRole('form', { name: 'Een afspraak maken' });
      await form.getByLabel('Datum', { exact: true }).fill('morgen');
      await form.getByLabel('Tijd', { exact: true }).fill(time);
      await form.getByLabel('Waar', { exact: true }).fill('Gemeentehuis, balie 3');
      await form.getByLabel('Waarover').fill(subject);
      await form.getByRole('button', { name: 'Afspraak maken' }).click();
      await expect(page.locator('#nieuw-datum-fout')).toContainText('jaar-maand-dag');
      await expect(page.getByRole('form', { name: 'Een afspraak maken' }).getByLabel('Waarover')).toHaveValue(subject);
      await expectNoViolations(page);

      await page.getByRole('form', { name: 'Een afspraak maken' }).getByLabel('Datum', { exact: true }).fill(inDays(7));
      await page.getByRole('form', { name: 'Een afspraak maken' }).getByLabel('Let op').fill('Neem uw bankafschriften mee.');
      await page.getByRole('form', { name: 'Een afspraak maken' }).getByRole('button', { name: 'Afspraak maken' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByText(subject)).toBeVisible();

      const letter = page.getByRole('form', { name: 'Een brief of taak sturen' });
      await letter.getByLabel('Soort').selectOption('taak');
      await letter.getByLabel('Titel').fill(`Stuur uw huurcontract (${name})`);
      await letter.getByLabel('Tekst').fill('Een foto van uw huurcontract is goed.\nDan kunnen we verder.');
      await letter.getByLabel('Graag vóór').fill(inDays(14));
      await letter.getByRole('button', { name: 'Versturen' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/afspraken-karim-${name}.png`, fullPage: true });

      // anna: her overview shows the appointment and the task; she answers.
      await page.context().clearCookies();
      await login(page, 'anna');
      await page.goto('/mijn/overzicht');
      await expect(page.getByRole('heading', { name: 'Uw afspraken' })).toBeVisible();
      await expectNoViolations(page);
      const card = page.getByRole('region', { name: new RegExp(`om ${time}`) });
      await expect(card).toContainText(subject);
      await expect(card).toContainText('Neem uw bankafschriften mee.');
      await card.getByText('Kunt u niet komen?').click();
      await card.getByLabel('Ik kan niet').check();
      await card.getByLabel('Wilt u iets uitleggen?').fill('Dan moet ik werken. Na 16 uur kan ik wel.');
      await card.getByRole('button', { name: 'Laat het weten' }).click();
      await expect(page.getByRole('status')).toHaveText('Dank u. Wij hebben het opgeslagen.');
      await expect(page.getByRole('region', { name: new RegExp(`om ${time}`) })).toContainText('Na 16 uur kan ik wel.');

      const task = page.getByRole('region', { name: new RegExp(`Stuur uw huurcontract \\(${name}\\)`) });
      await expect(task).toContainText('Graag vóór');
      await task.getByRole('button', { name: 'Dit is gedaan' }).click();
      await expect(page.getByRole('status')).toHaveText('Dank u. Wij hebben het opgeslagen.');
      await expect(
        page.getByRole('region', { name: new RegExp(`Stuur uw huurcontract \\(${name}\\)`) }).getByRole('button'),
      ).toHaveCount(0);
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/afspraken-anna-${name}.png`, fullPage: true });

      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { name: 'Your appointments' })).toBeVisible();
      await expectNoViolations(page);
      // Her own dossier's page lists the same, read-only, and points back to the overview.
      await page.goto('/dossiers/1/afspraken');
      await expect(page.getByRole('link', { name: 'Uw afspraken' })).toBeVisible();
      await expectNoViolations(page);

      // wies (linked to household 1) reads the answer and moves it.
      await page.context().clearCookies();
      await login(page, 'wies');
      await page.goto('/dossiers/1/afspraken');
      const mine = page.getByRole('region', { name: new RegExp(`om ${time}`) });
      await expect(mine).toContainText('De deelnemer kan niet');
      await mine.getByText('Verzetten of afzeggen').click();
      const move = mine.getByRole('form', { name: 'Verzetten' });
      await move.getByLabel('Datum', { exact: true }).fill(inDays(8));
      await move.getByLabel('Tijd', { exact: true }).fill(moved);
      // Only spaces: the browser lets it through, the server names the field.
      await move.getByLabel('Reden').fill('   ');
      await move.getByRole('button', { name: 'Afspraak verzetten' }).click();
      // The reason is required: shown at its field, the date kept.
      await expect(page.locator('[id$="-reden-fout"]').first()).toContainText('leeg');
      await expectNoViolations(page);
      const again = page.getByRole('region', { name: new RegExp(`om ${time}`) }).getByRole('form', { name: 'Verzetten' });
      await again.getByLabel('Reden').fill('U kunt na 16 uur; dit is het eerste moment dat ik dan vrij ben.');
      await again.getByRole('button', { name: 'Afspraak verzetten' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');
      await expect(page.getByRole('region', { name: new RegExp(`om ${moved}`) })).toContainText('Verzet. Eerst was het');
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/afspraken-wies-${name}.png`, fullPage: true });
    });
  });
}
