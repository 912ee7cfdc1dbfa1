/** Steps several specs take the way a user would, through the views' `data-testid` hooks. */
import { expect, type Locator, type Page } from '@playwright/test';
import { drawDigit, type Placement, type Strokes } from './digits.js';

/**
 * Epochs for a run that a test pauses, stops or kills: a thousand full epochs of seed-mlp take many
 * minutes on any machine, so the run is still running whenever the test looks.
 */
export const UNENDING_EPOCHS = 1000;

/**
 * Starts seed-mlp from the Train view for `epochs` epochs on the first `trainSubset` training images
 * (blank: all of them) and waits until the run reports `running` (or, when short, already `completed`).
 */
export async function startSeedMlpRun(page: Page, epochs: number, trainSubset?: number): Promise<void> {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('preset-select').selectOption('seed-mlp');
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('train-subset').fill(trainSubset === undefined ? '' : String(trainSubset));
  await page.getByTestId('train-subset').dispatchEvent('change');
  await page.getByTestId('start').click();
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', /^(running|completed)$/);
}

/** A chart's number of plotted points (its `data-points` attribute). */
export async function plottedPoints(chart: Locator): Promise<number> {
  return Number(await chart.getAttribute('data-points'));
}

/** The `data-run-id`s of the Runs view's rows with status `status`. */
export async function runIds(page: Page, status: string): Promise<string[]> {
  await page.getByTestId('nav-runs').click();
  return page.locator(`[data-testid=run-row][data-status=${status}]`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id') ?? ''));
}

/**
 * The digit the Draw view reads for the drawing on its pad, once its reading is `ready` for a drawing of
 * `strokeCount` strokes (the model's answer for the drawing as it stands, not a live one of a half-drawn
 * digit or of an earlier drawing).
 */
export async function readDigit(page: Page, strokeCount: number, timeoutMs?: number): Promise<string> {
  const ready = page.locator(`[data-testid=reading][data-state=ready][data-strokes="${strokeCount}"]`);
  await expect(ready).toHaveCount(1, timeoutMs === undefined ? {} : { timeout: timeoutMs });
  return (await ready.getByTestId('prediction').textContent()) ?? '';
}

/** Draws `strokes` on the Draw view's pad (drawDigit) and returns the digit read for them (readDigit). */
export async function drawAndRead(page: Page, strokes: Strokes, placement: Placement, stepsPerSegment?: number, timeoutMs?: number): Promise<string> {
  await drawDigit(page, page.getByTestId('pad'), strokes, placement, stepsPerSegment);
  return readDigit(page, strokes.length, timeoutMs);
}

/** Clears the Draw view's pad and waits until its reading is empty. */
export async function clearPad(page: Page): Promise<void> {
  await page.getByTestId('clear').click();
  await expect(page.getByTestId('reading')).toHaveAttribute('data-state', 'empty');
  await expect(page.getByTestId('prediction')).toHaveText('');
}
