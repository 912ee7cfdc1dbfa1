/** Training seed-mlp for one full epoch (55,000 images) moves the curves and yields a model. */
import { assert, eventually, expectText, numberAttribute, startSeedMlpRun, type Spec } from '../context.js';

export const trainSpec: Spec = {
  name: 'training seed-mlp for one epoch moves the curves and a model appears',
  async run({ page, screenshot }) {
    await page.getByTestId('nav-models').click();
    const userModelsBefore = await page.locator('[data-testid=model-row][data-source=user]').count();

    await startSeedMlpRun(page, 1);

    const loss = page.getByTestId('loss-chart');
    const first = await eventually('loss curve points', () => numberAttribute(loss, 'data-points'), (n) => n > 0, 60_000);
    await expectText(page.getByTestId('run-status'), 'completed', 180_000);
    const last = await numberAttribute(loss, 'data-points');
    assert(last > first, `the loss curve did not move: ${first} points, then ${last}`);
    assert((await numberAttribute(page.getByTestId('accuracy-chart'), 'data-points')) > 0, 'the accuracy curve is empty');
    await screenshot('train');

    await page.getByTestId('nav-models').click();
    await eventually('a new user model in the Models view', () => page.locator('[data-testid=model-row][data-source=user]').count(), (n) => n > userModelsBefore, 15_000);
    await page.getByTestId('nav-runs').click();
    await eventually('a completed run in the Runs view', () => page.locator('[data-testid=run-row][data-status=completed]').count(), (n) => n > 0, 15_000);
  },
};
