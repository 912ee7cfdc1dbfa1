/** A run can be paused (its status says so and the curves stop), resumed, then stopped. */
import { assert, expectText, numberAttribute, startSeedMlpRun, type Spec } from '../context.js';

export const pauseResumeSpec: Spec = {
  name: 'pause and resume a run',
  async run({ page }) {
    await startSeedMlpRun(page, 3, 20000);
    const status = page.getByTestId('run-status');
    await expectText(status, 'running', 30_000);

    await page.getByTestId('pause').click();
    await expectText(status, 'paused', 15_000);
    const loss = page.getByTestId('loss-chart');
    const pausedPoints = await numberAttribute(loss, 'data-points');
    await page.waitForTimeout(1500);
    assert((await numberAttribute(loss, 'data-points')) === pausedPoints, 'the curves kept moving while paused');

    await page.getByTestId('resume').click();
    await expectText(status, 'running', 15_000);
    await page.getByTestId('stop').click();
    await expectText(status, /^(stopped|completed)$/, 60_000);
  },
};
