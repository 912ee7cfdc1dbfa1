/**
 * `npm run screenshots -- e2e/screenshots/experiments.shots.ts`: the Experiments list and every
 * experiment's page after a run, in both languages, into docs/screenshots/<locale>/experiments-*.png.
 * The experiments that train run on far fewer images and epochs than the course's settings (the pictures
 * show the page, not the course's numbers), so the set takes minutes; experiment 7 keeps its 1,000 images
 * for 40 epochs, the settings of its MNIST test, because with fewer its networks have not over-fitted yet. Before experiment 12, MNIST test
 * digits of 2, 4, 6 and 7 are kept as the user's own and the bundled seed-mlp fine-tuned on them, so its
 * panel shows a fine-tune's figures.
 * `BACKPROP_LAB_SHOT_EXPERIMENTS=overfitting,xor npm run screenshots -- e2e/screenshots/experiments.shots.ts`
 * retakes only those pages (the list, and experiment 12's fine-tune, only when it is among them).
 */
import { join } from 'node:path';
import { LOCALES } from '../../renderer/i18n/languages.js';
import { requestOverWebSocket, test, type Page } from '../fixtures.js';
import { repositoryRoot } from '../environment.js';
import { assertFontCovers } from './fonts.js';
import { fineTune, keepMnistDigits, open, run, setParam } from '../experiments.js';

test.describe.configure({ mode: 'serial' });

/** Settings for the picture: each experiment's own where it is quick, smaller data where it trains. */
const settings: Record<string, Record<string, string | number>> = {
  xor: {}, 'seed-network': { trainImages: 2000, testImages: 1000, epochs: 3 }, initialisation: {}, 'optimizer-race': {},
  'vanishing-gradients': {}, 'gradient-check': { bug: 'missing-mean', bugLayer: 1 }, overfitting: { testImages: 2000, epochs: 40, baggingNetworks: 5 },
  'batch-size': { trainImages: 300, epochs: 3 }, schedules: { trainImages: 500, testImages: 500, epochs: 6 }, convolution: { padding: 1 },
  'loss-functions': { trainImages: 1000, testImages: 1000, epochs: 3 }, handwriting: { trainImages: 2000, epochs: 3 },
};

/** The experiments to photograph: those named in BACKPROP_LAB_SHOT_EXPERIMENTS, else all of them. */
const only = process.env.BACKPROP_LAB_SHOT_EXPERIMENTS?.split(',').map((id) => id.trim()).filter(Boolean);
const unknown = only?.filter((id) => !(id in settings)) ?? [];
if (unknown.length > 0) throw new Error(`BACKPROP_LAB_SHOT_EXPERIMENTS names ${unknown.join(', ')}, which are not experiments (they are ${Object.keys(settings).join(', ')})`);
const chosen = Object.entries(settings).filter(([id]) => !only || only.includes(id));

async function shoot(page: Page, locale: string, name: string): Promise<void> {
  await assertFontCovers(page, locale);
  // The window as tall as the page, so the navigation (one window high) runs down the whole picture.
  const size = page.viewportSize()!;
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollHeight: number } } }).document.documentElement.scrollHeight)) });
  // Not a test: ECharts animates its series in for about a second (again after the resize); the picture is taken after that.
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(repositoryRoot, 'docs', 'screenshots', locale, `${name}.png`), fullPage: true });
  await page.setViewportSize(size);
}

for (const locale of LOCALES) {
  test.describe(locale, () => {
    test.use({ locale });

    test(`every experiment in ${locale}`, async ({ page, server }) => {
      test.setTimeout(1_800_000);
      if (chosen.some(([id]) => id === 'handwriting') && (await requestOverWebSocket(server, 'handwriting.finetunes')).length === 0) {
        await keepMnistDigits(server, [2, 4, 6, 7]);
        await fineTune(server, 2);
      }
      await page.getByTestId('nav-experiments').click();
      if (!only) await shoot(page, locale, 'experiments');
      for (const [id, params] of chosen) {
        await open(page, id);
        for (const [name, value] of Object.entries(params)) await setParam(page, name, value);
        await run(page);
        await shoot(page, locale, `experiments-${id}`);
      }
    });
  });
}
