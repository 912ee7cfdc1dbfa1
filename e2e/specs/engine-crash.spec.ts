/**
 * Killing the engine's process in the middle of a run: the page says the engine stopped and offers a
 * restart, which brings it back; the run survives on disk and is listed as interrupted.
 */
import { expect, test } from '../fixtures.js';
import { seven } from '../digits.js';
import { clearPad, drawAndRead, runIds, startSeedMlpRun, UNENDING_EPOCHS } from '../steps.js';

test('killing the engine mid-run shows it stopped; Restart brings it back; the run is interrupted', async ({ page, engine }) => {
  const before = await engine.status();
  expect(before.state, 'the engine before the test').toBe('ready');
  // From the engine's own record: the Runs view may not have loaded its list yet.
  const interruptedBefore = (await engine.request('runs.list')).filter((run) => run.status === 'interrupted').map((run) => run.id);
  await startSeedMlpRun(page, UNENDING_EPOCHS);
  await expect(page.getByTestId('run-status')).toHaveAttribute('data-status', 'running');
  const killed = await engine.kill();

  const banner = page.getByTestId('engine-status');
  await expect(banner).toHaveAttribute('data-state', 'crashed');
  await page.getByTestId('engine-restart').click();
  await expect(banner).toBeHidden();
  await expect.poll(async () => (await engine.status()).state).toBe('ready');
  const after = await engine.status();
  expect(after.pid, 'the new engine process').not.toBe(killed);
  expect(after.generation).toBeGreaterThan(before.generation);

  await expect.poll(async () => (await runIds(page, 'interrupted')).filter((id) => !interruptedBefore.includes(id))).toHaveLength(1);

  // The restarted engine answers the page: drawing classifies again.
  await page.getByTestId('nav-draw').click();
  expect(await drawAndRead(page, seven, { left: 0.3, top: 0.15, height: 0.7 })).toMatch(/^\d$/);
  await clearPad(page);
});
