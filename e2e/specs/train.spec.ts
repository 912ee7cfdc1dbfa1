/** Training seed-mlp for one full epoch (55,000 images) moves the curves and yields a model and a completed run. */
import { expect, test } from '../fixtures.js';
import { plottedPoints, runIds, startSeedMlpRun } from '../steps.js';

test('training seed-mlp for one epoch moves the curves and a model appears', async ({ page }) => {
  await page.getByTestId('nav-models').click();
  const userModels = page.locator('[data-testid=model-row][data-source=user]');
  await expect(page.getByTestId('model-row').first()).toBeVisible();
  const userModelsBefore = await userModels.count();
  const completedBefore = (await runIds(page, 'completed')).length;

  await startSeedMlpRun(page, 1);
  const loss = page.getByTestId('loss-chart');
  await expect(loss).toHaveAttribute('data-points', /^[1-9]\d*$/, { timeout: 60_000 });
  const first = await plottedPoints(loss);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 180_000 });
  expect(await plottedPoints(loss), 'loss points at the end vs. the first seen').toBeGreaterThan(first);
  expect(await plottedPoints(page.getByTestId('accuracy-chart')), 'accuracy points').toBeGreaterThan(0);

  await page.getByTestId('nav-models').click();
  await expect(userModels).toHaveCount(userModelsBefore + 1);
  await expect.poll(async () => (await runIds(page, 'completed')).length).toBe(completedBefore + 1);
});
