/**
 * `npm run screenshots`: the first-run welcome guide and every view in both languages into
 * docs/screenshots/<locale>/<view>.png, after a short seed-mlp run so the curves, the runs and the models have something to show. The only code that
 * writes tracked files; no test run does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCALES } from '../../renderer/i18n/languages.js';
import { expect, requestOverWebSocket, test, type Page } from '../fixtures.js';
import { three } from '../digits.js';
import { drawAndRead, startSeedMlpRun } from '../steps.js';
import { repositoryRoot } from '../environment.js';
import { assertFontCovers } from './fonts.js';

test.describe.configure({ mode: 'serial' });

/** A Kaggle-layout CSV of 60 digits, six per class: each a bar whose row is its label (pixels 0–255). */
function sampleCsv(): Buffer {
  const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
  const rows = Array.from({ length: 60 }, (_, i) => {
    const label = i % 10;
    return [label, ...Array.from({ length: 784 }, (_, p) => (Math.floor(p / 28) === 4 + 2 * label ? 255 : 0))].join(',');
  });
  return Buffer.from([header, ...rows].join('\n'));
}

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

    test(`every view in ${locale}`, async ({ page, engine, server }) => {
      await startSeedMlpRun(page, 2, 6000);
      await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 180_000 });
      await shoot(page, locale, 'train');

      // A dataset of one's own, imported from the form: 60 digits of a Kaggle-layout CSV, six per class.
      await page.getByTestId('dataset-import').locator('summary').click();
      await page.getByTestId('import-files').setInputFiles({ name: 'my-digits.csv', mimeType: 'text/csv', buffer: sampleCsv() });
      await page.getByTestId('import-start').click();
      await expect(page.getByTestId('import-result')).toHaveAttribute('data-count', '60');
      await page.getByTestId('dataset-import').scrollIntoViewIfNeeded();
      await shoot(page, locale, 'train-import');
      await requestOverWebSocket(server, 'datasets.delete', { name: 'my-digits' });

      // A file in the model library that is not a model: the Models view names it and says why.
      await mkdir(join(server.dataDir, 'models'), { recursive: true });
      await writeFile(join(server.dataDir, 'models', 'notes.bplab'), 'not a model, only notes\n');

      await page.getByTestId('nav-draw').click();
      expect(await drawAndRead(page, three, { left: 0.3, top: 0.15, height: 0.7 })).toBe('3');
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
