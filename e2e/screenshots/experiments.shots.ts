/**
 * `npm run screenshots -- e2e/screenshots/experiments.shots.ts`: the Experiments list and every
 * experiment's page after a run, in both languages, into docs/screenshots/<locale>/experiments-*.png.
 * The experiments that train run on far fewer images and epochs than the course's settings (the pictures
 * show the page, not the course's numbers), so the set takes minutes.
 */
import { join } from 'node:path';
import { LOCALES } from '../../renderer/i18n/languages.js';
import { test, type Page } from '../fixtures.js';
import { repositoryRoot } from '../environment.js';
import { assertFontCovers } from './fonts.js';
import { open, run, setParam } from '../experiments.js';

test.describe.configure({ mode: 'serial' });

/** Settings for the picture: each experiment's own where it is quick, smaller data where it trains. */
const settings: Record<string, Record<string, string | number>> = {
  xor: {}, 'seed-network': { trainImages: 2000, testImages: 1000, epochs: 3 }, initialisation: {}, 'optimizer-race': {},
  'vanishing-gradients': {}, 'gradient-check': { bug: 'missing-mean', bugLayer: 1 }, overfitting: { trainImages: 300, testImages: 1000, epochs: 15, baggingNetworks: 3 },
  'batch-size': { trainImages: 300, epochs: 3 }, schedules: { trainImages: 500, testImages: 500, epochs: 6 }, convolution: { padding: 1 },
  'loss-functions': { trainImages: 1000, testImages: 1000, epochs: 3 }, handwriting: { trainImages: 2000, epochs: 3 },
};

async function shoot(page: Page, locale: string, name: string): Promise<void> {
  await assertFontCovers(page, locale);
  // Not a test: ECharts animates its series in for about a second; the picture is taken after that.
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(repositoryRoot, 'docs', 'screenshots', locale, `${name}.png`), fullPage: true });
}

for (const locale of LOCALES) {
  test.describe(locale, () => {
    test.use({ locale });

    test(`every experiment in ${locale}`, async ({ page }) => {
      test.setTimeout(1_800_000);
      await page.getByTestId('nav-experiments').click();
      await shoot(page, locale, 'experiments');
      for (const [id, params] of Object.entries(settings)) {
        await open(page, id);
        for (const [name, value] of Object.entries(params)) await setParam(page, name, value);
        await run(page);
        await shoot(page, locale, `experiments-${id}`);
      }
    });
  });
}
