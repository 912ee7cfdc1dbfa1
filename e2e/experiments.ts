/**
 * Steps on the Experiments view shared by its spec and its screenshots: open an experiment (waiting for
 * the run it starts on opening), set a parameter, run it and wait for the engine's outcome, and read
 * what the page shows (tables' cells by their data-value, a figure's series summary, the result's
 * values); for experiment 12, digits kept and fine-tunes made through the engine from outside the page.
 */
import { expect, type Page } from '@playwright/test';
import { listExperiments } from '@backprop-lab/core';
import { fineTuneParams, type FinishedFineTune } from '../contract/index.js';
import { requestOverWebSocket, type ServerInfo } from './fixtures.js';

/** Whether each experiment trains networks (core's registry): one that does not runs when its page opens. */
const trains = new Map(listExperiments().map((experiment) => [experiment.id, experiment.trains]));

/**
 * Opens experiment `id`. One that trains nothing runs with the course's settings on opening; its outcome
 * is waited for, so what the spec reads is that result, and a parameter it sets next goes to its own run
 * (set before that run's answer came, the result shown would be the first run's).
 */
export async function open(page: Page, id: string): Promise<void> {
  if (!trains.has(id)) throw new Error(`no experiment "${id}" in core's registry`);
  await page.getByTestId('nav-experiments').click();
  const back = page.getByTestId('experiments-back');
  if (await back.isVisible()) await back.click();
  await page.getByTestId(`open-${id}`).click();
  await expect(page.getByTestId(`experiment-${id}`)).toBeVisible();
  if (!trains.get(id)) await outcome(page);
}

export async function setParam(page: Page, name: string, value: string | number): Promise<void> {
  const control = page.getByTestId(`param-${name}`);
  const select = control.locator('select');
  if (await select.count()) await select.selectOption(String(value));
  else {
    await control.locator('input[type=number]').fill(String(value));
    await control.locator('input[type=number]').dispatchEvent('change');
  }
}

/** Runs with the settings on the page and waits for the engine's outcome. */
export async function run(page: Page): Promise<void> {
  await page.getByTestId('experiment-run').click();
  await outcome(page);
}

/**
 * Waits for the engine's outcome of the page's run (Run pressed, or the one an experiment that trains
 * nothing starts when it opens): its whole result (progress at 1, the Run button back) or its refusal,
 * which fails here in the engine's words. Stop is no sign of the end: it shows only once the engine has
 * answered the request, so until then the run looks ended; and a partial result is on the page while
 * the run goes on.
 */
export async function outcome(page: Page): Promise<void> {
  const done = page.locator('[data-testid=experiment-progress][data-fraction="1"]');
  const refusal = page.getByTestId('experiment-error');
  await expect(done.or(refusal), "the experiment's result or its refusal").toHaveCount(1, { timeout: 200_000 });
  if ((await refusal.count()) > 0) throw new Error(`the engine refused the experiment: ${await refusal.textContent()}`);
  await expect(page.getByTestId('experiment-run')).toBeVisible({ timeout: 200_000 });
}

export const cellValues = (page: Page, table: string) => page.getByTestId(`table-${table}`).locator('tbody td').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
export const rowsOf = async (page: Page, table: string) => {
  const rows = page.getByTestId(`table-${table}`).locator('tbody tr');
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-value'))));
};
export const values = async (page: Page) => JSON.parse((await page.getByTestId('experiment-results').getAttribute('data-values'))!) as Record<string, unknown>;
export const seriesOf = async (page: Page, figure: string) =>
  JSON.parse((await page.getByTestId(`figure-${figure}`).getAttribute('data-series'))!) as { name: string; count: number; last: [number, number] | null }[];

/** Three MNIST test digits of each class given, kept in the personal handwriting set through the engine; their ids. */
export async function keepMnistDigits(server: ServerInfo, classes: number[]): Promise<string[]> {
  const { digits } = await requestOverWebSocket(server, 'insight.mnistDigits', { indices: Array.from({ length: 100 }, (_, i) => i) });
  const kept: string[] = [];
  for (const label of classes) {
    for (const digit of digits.filter((d) => d.label === label).slice(0, 3)) {
      const pixels = [...Buffer.from(digit.pixels, 'base64')];
      kept.push((await requestOverWebSocket(server, 'handwriting.add', { label, pixels, strokes: null })).id);
    }
  }
  return kept;
}

/** A fine-tune of the bundled seed-mlp, once the engine lists it as finished. */
export async function fineTune(server: ServerInfo, epochs: number): Promise<FinishedFineTune> {
  const { runId } = await requestOverWebSocket(server, 'handwriting.finetune', fineTuneParams.parse({ modelId: 'bundled:seed-mlp', epochs }));
  let finished: FinishedFineTune | undefined;
  await expect.poll(async () => (finished = (await requestOverWebSocket(server, 'handwriting.finetunes')).find((f) => f.runId === runId)), { timeout: 120_000 }).toBeTruthy();
  return finished!;
}
