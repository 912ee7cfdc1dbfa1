/**
 * Killing the engine's process in the middle of a run: the page says the engine stopped and offers a
 * restart, which brings it back; the run survives on disk and is listed as interrupted.
 */
import { assert, eventually, expectText, startSeedMlpRun, type Spec } from '../context.js';
import { drawDigit, seven } from '../digits.js';

export const engineCrashSpec: Spec = {
  name: 'killing the engine mid-run shows it stopped; Restart brings it back; the run is interrupted',
  async run({ page, killEngine, engineStatus, screenshot }) {
    const before = await engineStatus();
    assert(before.state === 'ready', `the engine is ${before.state} before the test`);
    await startSeedMlpRun(page, 3, 20000);
    await expectText(page.getByTestId('run-status'), 'running', 30_000);
    const killed = await killEngine();

    const banner = page.getByTestId('engine-status');
    await expectText(banner, /stopped/i, 20_000);
    await screenshot('engine-stopped');
    await page.getByTestId('engine-restart').click();
    await banner.waitFor({ state: 'hidden', timeout: 30_000 });
    const after = await eventually('the engine ready again', engineStatus, (s) => s.state === 'ready', 30_000);
    assert(after.pid !== killed && after.generation > before.generation, `the engine did not restart (pid ${after.pid}, generation ${after.generation})`);

    await page.getByTestId('nav-runs').click();
    await eventually('the killed run listed as interrupted', () => page.locator('[data-testid=run-row][data-status=interrupted]').count(), (n) => n === 1, 15_000);

    // The restarted engine answers the page: drawing classifies again.
    await page.getByTestId('nav-draw').click();
    await drawDigit(page, page.getByTestId('pad'), seven, { left: 0.3, top: 0.15, height: 0.7 });
    await expectText(page.getByTestId('prediction'), /^\d$/, 20_000);
    await page.getByTestId('clear').click();
  },
};
