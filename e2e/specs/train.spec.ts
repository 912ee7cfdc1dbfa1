/**
 * Training seed-mlp for one full epoch (55,000 images) draws the run's curves from its live points and
 * yields a model and a completed run.
 */
import { expect, test } from '../fixtures.js';
import { plottedPoints, runIds, startSeedMlpRun } from '../steps.js';

test('training seed-mlp for one epoch draws its curves and a model appears', async ({ page, engine }) => {
  // What there is before, from the engine's own record (a view may not have loaded its list yet).
  const userModelsBefore = (await engine.request('models.list')).filter((model) => model.source === 'user').length;
  const runsBefore = await engine.request('runs.list');
  const completedBefore = runsBefore.filter((run) => run.status === 'completed').length;

  await startSeedMlpRun(page, 1);
  const loss = page.getByTestId('loss-chart');
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'completed', { timeout: 180_000 });
  const fresh = (await engine.request('runs.list')).filter((run) => !runsBefore.some((before) => before.id === run.id));
  expect(fresh.map((run) => run.status), 'the run this test started').toEqual(['completed']);

  // The page followed the run from its start: its charts plot every point the engine recorded of it
  // (a point per batch event, the epoch's train and validation points), however fast the epoch went.
  const recorded = await engine.request('runs.get', { id: fresh[0]!.id });
  const validationPoints = recorded.epochPoints.filter((point) => point.validationLoss !== undefined).length;
  expect(recorded.iterations.length, 'batch points the engine recorded').toBeGreaterThan(0);
  expect(recorded.epochPoints, 'epoch points the engine recorded').toHaveLength(1);
  const expected = recorded.iterations.length + recorded.epochPoints.length + validationPoints;
  await expect.poll(() => plottedPoints(loss), 'loss points').toBe(expected);
  await expect.poll(() => plottedPoints(page.getByTestId('accuracy-chart')), 'accuracy points').toBe(expected);

  await page.getByTestId('nav-models').click();
  await expect(page.locator('[data-testid=model-row][data-source=user]')).toHaveCount(userModelsBefore + 1);
  await expect.poll(async () => (await runIds(page, 'completed')).length).toBe(completedBefore + 1);
});
