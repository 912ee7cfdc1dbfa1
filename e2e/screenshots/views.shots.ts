/**
 * `npm run screenshots`: the first-run welcome guide and every view in both languages into
 * docs/screenshots/<locale>/<view>.png, after a short seed-mlp run so the curves, the runs and the models have something to show. The only code that
 * writes tracked files; no test run does.
 */
import { join } from 'node:path';
import { LOCALES } from '../../renderer/i18n/languages.js';
import { expect, test, type Page } from '../fixtures.js';
import { drawDigit, three } from '../digits.js';
import { startSeedMlpRun } from '../steps.js';
import { repositoryRoot } from '../environment.js';
import { assertFontCovers } from './fonts.js';

test.describe.configure({ mode: 'serial' });

async function shoot(page: Page, locale: string, name: string): Promise<void> {
  await assertFontCovers(page, locale);
  // Not a test: ECharts animates its series in for about a second; the picture is taken after that.
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(repositoryRoot, 'docs', 'screenshots', locale, `${name}.png`) });
}

for (const locale of LOCALES) {
  test.describe(`${locale} first run`, () => {
    test.use({ locale, firstRun: true });

    test(`the welcome guide in ${locale}`, async ({ page }) => {
      await expect(page.getByTestId('welcome')).toBeVisible();
      await expect(page.locator('[data-testid=model-select] option[value="bundled:seed-mlp"]')).toHaveCount(1);
      await shoot(page, locale, 'welcome');
    });
  });

  test.describe(locale, () => {
    test.use({ locale });

    test(`every view in ${locale}`, async ({ page, engine }) => {
      await startSeedMlpRun(page, 2, 6000);
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 180_000 });
      await shoot(page, locale, 'train');

      await page.getByTestId('nav-draw').click();
      await drawDigit(page, page.getByTestId('pad'), three, { left: 0.3, top: 0.15, height: 0.7 });
      await expect(page.getByTestId('prediction')).toHaveText('3');
      await shoot(page, locale, 'draw');

      for (const view of ['runs', 'models', 'experiments', 'settings'] as const) {
        await page.getByTestId(`nav-${view}`).click();
        await expect(page.getByTestId(`view-${view}`)).toBeVisible();
        await shoot(page, locale, view);
      }

      await engine.kill();
      await expect(page.getByTestId('engine-status')).toHaveAttribute('data-state', 'crashed');
      await shoot(page, locale, 'engine-stopped');
      await page.getByTestId('engine-restart').click();
      await expect(page.getByTestId('engine-status')).toBeHidden();
    });
  });
}
