// Experiments (issue 8): beheer (demo administrator) adds an experiment from
// its design file, first with an error named at its field; karim (demo
// caseworker) enrols anna's household (after she found her place on the
// ladder); anna (demo resident) sees what is stored about her and fills in
// the baseline questionnaire; beheer draws the lot and takes the outcomes from the records; olga (demo
// researcher) reads the experiment and its report. At 1280 and 375 px axe-core finds zero
// violations (WCAG 2.1 A and AA), also with errors shown.
const { test, expect } = require('@playwright/test');
const { expectNoViolations, login, inDays } = require('./helpers');

for (const [name, width] of [['desktop', 1280], ['telefoon', 375]]) {
  test.describe(`experimenten ${name} (${width}px)`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('an experiment is added, enrolment is offered, the researcher reads it', async ({ page }) => {
      await login(page, 'beheer');
      await page.getByRole('link', { name: 'Experimenten' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Experimenten');
      await expectNoViolations(page);

      const example = await page.getByLabel('De opzet (TOML)').inputValue();
      const design = example
        .replace('sleutel = "bijstand-op-maat-2027"', `sleutel = "e2e-${name}-${Date.now()}"`)
        .replace('begin = "2027-01-04"', `begin = "${inDays(-10)}"`)
        .replace('einde = "2027-06-30"', `einde = "${inDays(60)}"`);
      // An error first: named at the field, the text kept.
      await page.getByLabel('De opzet (TOML)').fill(design.replace('gewicht = 1', 'gewicht = 0'));
      await page.getByRole('button', { name: 'Experiment toevoegen' }).click();
      await expect(page.locator('#ontwerp-fout')).toContainText('armen[0].gewicht');
      await expectNoViolations(page);

      await page.getByLabel('De opzet (TOML)').fill(design);
      await page.getByRole('button', { name: 'Experiment toevoegen' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Bijstand op maat: wat helpt mensen verder?');
      await expect(page.getByRole('heading', { name: 'Groepen' })).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/experiment-${name}.png`, fullPage: true });
      const experiment = new URL(page.url()).pathname;

      // anna finds her place on the ladder (needed for the strata), in her plan.
      await page.context().clearCookies();
      await login(page, 'anna');
      await page.goto('/dossiers/1/plan');
      for (const radio of await page.locator('input[type="radio"][value="nee"]').all()) {
        await radio.check();
      }
      await page.getByRole('button', { name: 'Plek op de ladder bepalen' }).click();
      await expect(page.getByRole('status')).toHaveText('Opgeslagen.');

      // The caseworker: the enrolment page of a household, and an error at its field.
      await page.context().clearCookies();
      await login(page, 'karim');
      await page.goto('/dossiers/2/experiment');
      await expect(page.getByRole('heading', { name: 'Inschrijven' })).toBeVisible();
      await expectNoViolations(page);
      await page.getByLabel('Maanden in de bijstand tot nu').fill('veel');
      await page.getByRole('button', { name: 'Inschrijven' }).click();
      await expect(page.locator('#maanden-fout')).toBeVisible();
      await expectNoViolations(page);

      // karim enrols anna's household in this experiment, with her consent.
      await page.goto('/dossiers/1/experiment');
      const title = 'Bijstand op maat: wat helpt mensen verder?';
      const options = await page.getByLabel('Experiment', { exact: true }).locator('option').all();
      await page.getByLabel('Experiment', { exact: true }).selectOption(await options[options.length - 1].getAttribute('value'));
      await page.getByLabel('Maanden in de bijstand tot nu').fill('30');
      await page.getByRole('button', { name: 'Inschrijven' }).click();
      await expect(page.getByRole('status')).toContainText('Ingeschreven als deelnemer');
      await expectNoViolations(page);

      // anna sees what is stored about her and fills in the baseline questionnaire, an error first.
      await page.context().clearCookies();
      await login(page, 'anna');
      await page.getByRole('link', { name: 'Mijn deelname aan experimenten' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mijn deelname aan experimenten');
      await expect(page.getByRole('heading', { name: title }).first()).toBeVisible();
      await expectNoViolations(page);
      const form = page.locator('form[action*="/meting"]').last();
      await form.getByRole('button', { name: 'Mijn antwoorden bewaren' }).click();
      await expect(page.getByText('Beantwoord minstens één vraag.').first()).toBeVisible();
      await expectNoViolations(page);
      const again = page.locator('form[action*="/meting"]').last();
      await again.getByRole('group', { name: 'Ik voel me vaak gespannen.' }).getByLabel('4').check();
      await again.getByRole('button', { name: 'Mijn antwoorden bewaren' }).click();
      await expect(page.getByRole('status')).toHaveText('Dank u wel. Uw antwoorden zijn bewaard.');
      await expect(page.getByText('stress_1 = 4').first()).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/deelname-${name}.png`, fullPage: true });

      // The administrator draws the lot and takes the outcomes from the records: the report appears.
      await page.context().clearCookies();
      await login(page, 'beheer');
      await page.goto(experiment);
      await page.getByRole('button', { name: 'Loting uitvoeren' }).click();
      await expect(page.getByRole('status')).toContainText('De loting is gedaan voor 1 deelnemer(s).');
      await expect(page.getByRole('heading', { name: 'Rapport' })).toBeVisible();
      await page.getByRole('button', { name: 'Uitkomsten uit de administratie vastleggen' }).click();
      // One household: the administrator sees "fewer than 10", as in the report.
      await expect(page.getByRole('status')).toContainText('Uit de administratie vastgelegd: minder dan 10 meting(en) van minder dan 10 huishouden(s).');
      await expectNoViolations(page);

      // The researcher reads the experiment and its report (one participant: every group is hidden), in English too.
      await page.context().clearCookies();
      await login(page, 'olga');
      await page.goto(experiment);
      await expect(page.getByRole('heading', { name: 'Onderzoeksvragen' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Rapport' })).toBeVisible();
      await expect(page.getByText('gewogen per stratum').first()).toBeVisible();
      await expect(page.getByRole('link', { name: 'Parquet (voor R, pandas of DuckDB)' })).toBeVisible();
      await expectNoViolations(page);
      await page.screenshot({ path: `test-results/experiment-rapport-${name}.png`, fullPage: true });
      await page.getByRole('link', { name: 'English' }).click();
      await expect(page.getByRole('heading', { name: 'Research questions' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Report' })).toBeVisible();
      await expectNoViolations(page);
    });
  });
}
