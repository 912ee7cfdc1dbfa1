/** A run can be paused (its status says so and the curves stop), resumed, then stopped. */
import { expect, test } from '../fixtures.js';
import { plottedPoints, startSeedMlpRun, UNENDING_EPOCHS } from '../steps.js';

test('pause and resume a run', async ({ page }) => {
  await startSeedMlpRun(page, UNENDING_EPOCHS);
  const status = page.getByTestId('run-status');
  await expect(status).toHaveAttribute('data-status', 'running');

  await page.getByTestId('pause').click();
  await expect(status).toHaveAttribute('data-status', 'paused');
  const loss = page.getByTestId('loss-chart');
  const pausedPoints = await plottedPoints(loss);
  // Not a wait for an event but the absence of one: a paused run adds no point for a while.
  await page.waitForTimeout(1500);
  expect(await plottedPoints(loss), 'loss points 1.5 s into the pause').toBe(pausedPoints);

  await page.getByTestId('resume').click();
  await expect(status).toHaveAttribute('data-status', 'running');
  await page.getByTestId('stop').click();
  await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
});
