/**
 * `npm run screenshots -- e2e/screenshots/handwriting.shots.ts`: the personal handwriting set and the
 * look inside a model, in both languages, into docs/screenshots/<locale>/handwriting-*.png: the Draw
 * view with a digit read and explained (saliency, activations, filters), the gallery of the set, the
 * bundled seed-mlp evaluated on it, a short fine-tune's before and after, and the Models view's insight
 * with a confusion cell opened. The set is real handwriting: MNIST test digits traced into strokes
 * (e2e/mnist-strokes.json), drawn with the mouse once; the second language finds it on the same server.
 */
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { LOCALES } from '../../renderer/i18n/languages.js';
import { expect, test, type Page } from '../fixtures.js';
import { mnistDigits, type Placement } from '../digits.js';
import { drawAndRead } from '../steps.js';
import { repositoryRoot } from '../environment.js';
import { assertFontCovers } from './fonts.js';

test.describe.configure({ mode: 'serial' });

const placement: Placement = { left: 0.3, top: 0.15, height: 0.7 };

/** The whole page, or one panel of it (`target`), as docs/screenshots/<locale>/<name>.png. */
async function shoot(page: Page, locale: string, name: string, target?: Locator): Promise<void> {
  await assertFontCovers(page, locale);
  // Not a test: ECharts animates its series in for about a second; the picture is taken after that.
  await page.waitForTimeout(1200);
  const path = join(repositoryRoot, 'docs', 'screenshots', locale, `${name}.png`);
  if (target) await target.screenshot({ path });
  else await page.screenshot({ path });
}

async function setTotal(page: Page): Promise<number> {
  let total = 0;
  for (let d = 0; d < 10; d++) total += Number(await page.getByTestId(`class-count-${d}`).textContent());
  return total;
}

for (const locale of LOCALES) {
  test.describe(locale, () => {
    test.use({ locale });

    test(`handwriting and insight in ${locale}`, async ({ page }) => {
      test.setTimeout(1_200_000);
      await page.getByTestId('nav-draw').click();
      const select = page.getByTestId('model-select');
      await expect(select.locator('option[value="bundled:cnn-best"]')).toHaveCount(1);
      await select.selectOption('bundled:cnn-best');
      await expect(page.getByTestId('gallery')).toBeVisible();
      if ((await setTotal(page)) < mnistDigits.length) {
        for (const digit of mnistDigits) {
          expect(await drawAndRead(page, digit.strokes, placement, 1)).toMatch(/^\d$/);
          await page.getByTestId(`keep-${digit.label}`).click();
          await expect(page.getByTestId('reading')).toHaveAttribute('data-state', 'empty');
        }
      }
      await shoot(page, locale, 'handwriting-gallery', page.getByTestId('gallery'));

      // A 4 on the pad, read and explained.
      expect(await drawAndRead(page, mnistDigits.find((d) => d.label === 4)!.strokes, placement, 1)).toBe('4');
      await expect(page.getByTestId('activation-0').locator('canvas')).toHaveCount(16);
      await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
      await shoot(page, locale, 'handwriting-draw');
      await shoot(page, locale, 'handwriting-explain', page.getByTestId('explain'));

      // seed-mlp from here on: its 10,000 MNIST test answers take seconds, not minutes, on a loaded machine.
      await select.selectOption('bundled:seed-mlp');
      await page.getByTestId('evaluate').click();
      await expect(page.getByTestId('eval-personal')).toBeVisible({ timeout: 300_000 });
      await shoot(page, locale, 'handwriting-evaluation', page.getByTestId('evaluation'));

      // A short fine-tune (a picture, not a result): three epochs, half of the mix MNIST.
      await page.getByTestId('finetune-epochs').fill('3');
      await page.getByTestId('finetune-mnistShare').fill('0.5');
      await page.getByTestId('finetune-start').click();
      await expect(page.getByTestId('finetune-done')).toBeVisible({ timeout: 300_000 });
      await shoot(page, locale, 'handwriting-finetune', page.getByTestId('finetune'));

      // The Models view's insight, the largest confusion cell opened.
      await page.getByTestId('nav-models').click();
      const row = page.locator('[data-testid="model-row"][data-model-id="bundled:seed-mlp"]');
      await row.getByTestId('model-details').click();
      await page.getByTestId('insight-load').click();
      await expect(page.getByTestId('insight-accuracy')).toBeVisible({ timeout: 300_000 });
      const matrix = page.getByTestId('confusion-matrix');
      let best = { id: '', count: 0 };
      for (const cell of await matrix.locator('td[data-testid^="cell-"]').all()) {
        const id = (await cell.getAttribute('data-testid'))!;
        const [, truth, predicted] = id.split('-');
        const count = Number(((await cell.textContent()) ?? '').replace(/\D/g, '') || 0);
        if (truth !== predicted && count > best.count) best = { id, count };
      }
      await page.getByTestId(best.id).click();
      await expect(page.getByTestId('cell-digits')).toBeVisible();
      await shoot(page, locale, 'models-insight', page.getByTestId('model-insight'));
    });
  });
}
