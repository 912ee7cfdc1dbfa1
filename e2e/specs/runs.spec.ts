/**
 * The Train and Runs views together: a run stopped after its first epoch says that its model was saved
 * and what it scored; on its page it is renamed and shows its evaluation; it is compared with a second
 * run; both are deleted at once.
 */
import { expect, test } from '../fixtures.js';
import { startSeedMlpRun, UNENDING_EPOCHS } from '../steps.js';
import type { Page } from '@playwright/test';

/** Every run id on the Runs view now (the view reads the engine's list when it opens: poll it). */
async function allRunIds(page: Page): Promise<string[]> {
  await page.getByTestId('nav-runs').click();
  return page.locator('[data-testid=run-row]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-run-id') ?? ''));
}

test('stop, outcome, rename, detail page, compare and bulk delete', async ({ page, t, uiLocale, engine }) => {
  test.setTimeout(240_000);
  // From the engine's own record: the Runs view may not have loaded its list yet.
  const before = new Set((await engine.request('runs.list')).map((run) => run.id));

  // A run stopped once its first epoch is recorded: the model of that epoch is kept, with its accuracy.
  await startSeedMlpRun(page, UNENDING_EPOCHS);
  // The engine's own record of this run says when its first epoch is in (the charts may still hold the
  // previous run's points for a moment, the other language's run shares this data folder).
  const epochsOfNewRun = async () => (await engine.request('runs.list')).filter((run) => !before.has(run.id)).map((run) => run.epochsDone);
  await expect.poll(epochsOfNewRun, { timeout: 120_000 }).toEqual([expect.any(Number)]);
  await expect.poll(async () => (await epochsOfNewRun())[0], { timeout: 120_000 }).toBeGreaterThanOrEqual(1);
  await page.getByTestId('stop').click();
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
  const [savedPrefix] = t('train.outcome.saved.stopped', { accuracy: '§' }).split('§');
  await expect(page.getByTestId('run-result')).toContainText(savedPrefix!);
  await expect(page.getByTestId('run-result')).toContainText(/\d%/);

  // A second, short run to compare with.
  await startSeedMlpRun(page, 1, 1100);
  await expect(status).toHaveAttribute('data-status', 'completed', { timeout: 120_000 });

  const freshRows = async () => (await allRunIds(page)).filter((id) => !before.has(id));
  await expect.poll(freshRows, 'two new runs on the Runs view').toHaveLength(2);
  const [first, second] = (await freshRows()) as [string, string];
  const row = (id: string) => page.locator(`[data-testid=run-row][data-run-id="${id}"]`);

  // Its page: rename it; the evaluation is there; the new name is the row's.
  const name = `renamed ${uiLocale} ${Date.now()}`;
  await row(first).getByTestId('open-run').click();
  const detail = page.getByTestId('run-detail');
  await expect(detail).toHaveAttribute('data-run-id', first);
  await expect(detail.getByTestId('eval-test-accuracy')).toContainText(/\d%/);
  await detail.getByTestId('rename-run').click();
  await detail.getByTestId('run-name-input').fill(name);
  await detail.getByTestId('run-name-save').click();
  await expect(detail.getByTestId('run-name')).toContainText(name);
  await detail.getByTestId('run-detail-back').click();
  await expect(row(first).getByTestId('open-run')).toHaveText(name);

  // Compare: each ticked run adds its curve to the legend.
  const legend = page.getByTestId('compare-loss-legend').locator('li');
  const shown = await legend.count();
  await row(first).locator('input[type=checkbox]').check();
  await expect(legend).toHaveCount(shown + 1);
  await expect(page.getByTestId('compare-loss-legend')).toContainText(name);
  await row(second).locator('input[type=checkbox]').check();
  await expect(legend).toHaveCount(shown + 2);

  // Delete both at once.
  await page.getByTestId('delete-selected').click();
  await page.getByTestId('confirm-delete').click();
  await expect(row(first)).toHaveCount(0);
  await expect(row(second)).toHaveCount(0);
});
