/**
 * The personal handwriting set end to end, with real handwriting: digits of MNIST's test set traced
 * into strokes (e2e/mnist-strokes.json) drawn on the pad with the mouse, three of each class, each
 * labelled (a click, or the key), counted in the gallery; a model evaluated on them (its figures read
 * back from the table and the confusion matrix); a one-epoch fine-tune on a small mix whose new model
 * goes on the pad; the saliency and activation panels for a drawn digit; the Models view's confusion
 * matrix opening the digits of a cell.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from '../fixtures.js';
import { mnistDigits, type Placement } from '../digits.js';
import { drawAndRead } from '../steps.js';
import { repositoryRoot } from '../environment.js';

const placements: Placement[] = [
  { left: 0.3, top: 0.15, height: 0.7 },
  { left: 0.08, top: 0.08, height: 0.45 },
  { left: 0.45, top: 0.4, height: 0.55 },
];

/** What resources/models/index.json records for the bundled models (their MNIST test accuracy). */
const bundled = (JSON.parse(readFileSync(join(repositoryRoot, 'resources/models/index.json'), 'utf8')) as {
  models: Record<string, { testAccuracy: number }>;
}).models;

/** A percentage as the app writes one (two decimals), in the page's language. */
const percentIn = (locale: string, value: number) =>
  new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);

/** The confusion matrix as numbers, read cell by cell (`cell-<truth>-<predicted>`). */
async function readConfusion(matrix: Locator): Promise<number[][]> {
  const rows: number[][] = [];
  for (let truth = 0; truth < 10; truth++) {
    const row: number[] = [];
    for (let predicted = 0; predicted < 10; predicted++) {
      const text = (await matrix.getByTestId(`cell-${truth}-${predicted}`).textContent()) ?? '';
      row.push(Number(text.replace(/\D/g, '') || 0));
    }
    rows.push(row);
  }
  return rows;
}

test('draw, label, evaluate and fine-tune on my own digits; the new model reads on the pad', async ({ page, t, uiLocale, engine }) => {
  test.setTimeout(300_000);
  await page.getByTestId('nav-draw').click();
  const select = page.getByTestId('model-select');
  await expect(select.locator('option[value="bundled:seed-mlp"]')).toHaveCount(1);
  await select.selectOption('bundled:seed-mlp');
  // The data folder is shared with the other specs and the other language's run: count what is there,
  // from the engine's own record, and wait until the gallery shows it (it reads the set when it opens).
  const before = (await engine.request('handwriting.list')).classCounts;
  for (const [digit, count] of before.entries()) await expect(page.getByTestId(`class-count-${digit}`)).toHaveText(String(count));

  // Three of each class, each at another size and place; kept by a click on its digit or by its key.
  for (const [i, digit] of mnistDigits.entries()) {
    const expected = before[digit.label]! + mnistDigits.slice(0, i + 1).filter((d) => d.label === digit.label).length;
    expect(await drawAndRead(page, digit.strokes, placements[i % placements.length]!, 1), `MNIST test digit ${digit.index}`).toMatch(/^\d$/);
    if (i % 2 === 0) await page.getByTestId(`keep-${digit.label}`).click();
    else await page.keyboard.press(String(digit.label));
    await expect(page.getByTestId(`class-count-${digit.label}`)).toHaveText(String(expected));
    await expect(page.getByTestId('reading')).toHaveAttribute('data-state', 'empty');
  }
  const counts = before.map((n, d) => n + mnistDigits.filter((m) => m.label === d).length);
  const total = counts.reduce((a, b) => a + b, 0);
  await expect(page.getByTestId('set-total')).toContainText(String(total));

  // Evaluate: my digits (all of them) beside MNIST's test set; the confusion matrix counts my digits.
  await page.getByTestId('evaluate').click();
  const evaluation = page.getByTestId('evaluation');
  await expect(evaluation.getByTestId('eval-personal').locator('th')).toHaveText(t('draw.eval.personal', { count: total }), { timeout: 60_000 });
  await expect(evaluation.getByTestId('eval-mnist').locator('td.overall')).toHaveText(percentIn(uiLocale, bundled['seed-mlp']!.testAccuracy));
  const confusion = await readConfusion(evaluation.getByTestId('confusion-matrix'));
  expect(confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(counts);
  const right = confusion.reduce((sum, row, d) => sum + row[d]!, 0);
  await expect(evaluation.getByTestId('eval-personal').locator('td.overall')).toHaveText(percentIn(uiLocale, right / total));
  await expect(evaluation.getByTestId('eval-misread').locator('figure')).toHaveCount(total - right);

  // A small fine-tune: one epoch, MNIST a fifth of the mix. Held out per class (core/data/fine-tune-data.ts):
  // h = clamp(round(n · 0.25), 1, n − 2); MNIST images m = round(own · 0.2 / 0.8).
  await page.getByTestId('finetune-epochs').fill('1');
  await page.getByTestId('finetune-mnistShare').fill('0.2');
  const heldOut = counts.map((n) => Math.min(n - 2, Math.max(1, Math.round(n * 0.25))));
  const own = total - heldOut.reduce((a, b) => a + b, 0);
  await page.getByTestId('finetune-start').click();
  await expect(page.getByTestId('finetune-counts')).toHaveText(t('draw.fineTune.counts', {
    model: 'seed-mlp', own: String(own), mnist: String(Math.round((own * 0.2) / 0.8)), heldOut: String(total - own),
  }), { timeout: 60_000 });
  await expect(page.getByTestId('finetune-personal-before').locator('th')).toHaveText(t('draw.fineTune.rows.personalBefore', { count: total - own }));
  const done = page.getByTestId('finetune-done');
  await expect(done).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('finetune-personal-after').locator('th')).toHaveText(t('draw.fineTune.rows.personalAfter', { count: total - own }));
  await expect(page.getByTestId('finetune-mnist-after').locator('td.overall')).toHaveText(/\d[.,]\d\d\s?%/);
  const tunedId = await done.getAttribute('data-model-id');
  expect(tunedId).toMatch(/^user:/);

  // The new model on the pad: chosen in the model list, and it reads a drawn digit.
  await page.getByTestId('finetune-use').click();
  await expect(select).toHaveValue(tunedId!);
  await expect(page.getByTestId('finetune-use')).toBeDisabled();
  expect(await drawAndRead(page, mnistDigits[21]!.strokes, placements[0]!, 1)).toMatch(/^\d$/);
});

test('the saliency and activation panels show data for a drawn digit', async ({ page }) => {
  await page.getByTestId('nav-draw').click();
  const select = page.getByTestId('model-select');
  await expect(select.locator('option[value="bundled:cnn-best"]')).toHaveCount(1);
  await select.selectOption('bundled:cnn-best');
  const four = mnistDigits.find((d) => d.label === 4)!;
  expect(await drawAndRead(page, four.strokes, placements[0]!, 1)).toBe('4');
  // The saliency of the top class: the gradient is non-zero on part of the 28×28 input.
  const saliency = page.getByTestId('saliency');
  await expect(saliency).toHaveAttribute('data-class', '4');
  const nonZero = async () => Number(await saliency.getAttribute('data-nonzero'));
  await expect.poll(nonZero).toBeGreaterThan(20);
  expect(await nonZero()).toBeLessThanOrEqual(784);
  await page.getByTestId('saliency-class-2').click();
  await expect(saliency).toHaveAttribute('data-class', '2');
  await expect.poll(nonZero).toBeGreaterThan(20);
  // cnn-best (core/presets.ts): conv 16@5×5 pad 2 on 28×28 → 16 maps of 28×28; its ReLU (layer 2)
  // zeroes part of them; the last layer gives 10 bars; the first conv's 16 filters.
  const conv = page.getByTestId('activation-0');
  await expect(conv.locator('canvas')).toHaveCount(16);
  await expect(conv).toHaveAttribute('data-values', String(16 * 28 * 28));
  const relu = page.getByTestId('activation-2');
  await expect(relu).toHaveAttribute('data-values', String(16 * 28 * 28));
  const reluNonZero = Number(await relu.getAttribute('data-nonzero'));
  expect(reluNonZero).toBeGreaterThan(0);
  expect(reluNonZero).toBeLessThan(16 * 28 * 28);
  await expect(page.getByTestId('activation-13').locator('[data-bars="10"]')).toBeVisible();
  await expect(page.getByTestId('filters').locator('canvas')).toHaveCount(16);
});

test('the Models view\'s confusion matrix opens the test digits of a cell', async ({ page, t, uiLocale }) => {
  test.setTimeout(120_000);
  await page.getByTestId('nav-models').click();
  const row = page.locator('[data-testid="model-row"][data-model-id="bundled:seed-mlp"]');
  await row.getByTestId('model-details').click();
  await page.getByTestId('insight-load').click();
  const accuracy = bundled['seed-mlp']!.testAccuracy;
  await expect(page.getByTestId('insight-accuracy')).toHaveText(t('insight.models.accuracy', {
    accuracy: percentIn(uiLocale, accuracy), count: new Intl.NumberFormat(uiLocale).format(10000), wrong: String(Math.round((1 - accuracy) * 10000)),
  }), { timeout: 60_000 });
  // The largest off-diagonal cell of the matrix as the page shows it.
  const confusion = await readConfusion(page.getByTestId('confusion-matrix'));
  expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(10000);
  let [truth, predicted, count] = [0, 0, 0];
  confusion.forEach((cells, r) => cells.forEach((value, c) => {
    if (r !== c && value > count) [truth, predicted, count] = [r, c, value];
  }));
  expect(count).toBeGreaterThan(0);
  await page.getByTestId(`cell-${truth}-${predicted}`).click();
  const panel = page.getByTestId('cell-digits');
  await expect(panel).toHaveAttribute('data-truth', String(truth));
  await expect(panel).toHaveAttribute('data-predicted', String(predicted));
  await expect(panel.getByTestId('cell-digit')).toHaveCount(Math.min(60, count));
  await expect(page.getByTestId('misread-digit')).toHaveCount(48);
  await expect(page.getByTestId('weight-histogram')).toHaveCount(3);
});
