/**
 * The engine when a run cannot go on (issue 14, items 5 and 6): a checkpoint on a full disk ends the
 * run failed with the path and the reason pushed to the clients as error data; a finished run is not
 * resumed. On the real backend, a temporary data directory, the store's writes made to fail.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failWrites } from '../store/failing-writes.testing.js';
import { recordingEngine } from './recording-engine.testing.js';

let dataDir: string;
let failing: ReturnType<typeof failWrites> | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-engine-failures-'));
});
afterEach(async () => {
  failing?.restore();
  failing = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

const engine = () => recordingEngine(dataDir);

const small = { preset: 'seed-mlp', overrides: { epochs: 3, batchSize: 50, provider: 'js' as const }, dataset: { source: 'mnist' as const, trainLimit: 300, testLimit: 50 } };

describe('the engine when a write fails', () => {
  it('ends the run failed, pushing the checkpoint path and ENOSPC as error data, with no model', async () => {
    const { service, events, done } = await engine();
    failing = failWrites('ENOSPC', (path) => path.includes('epoch-0002.ckpt'));
    const finished = done();
    const started = await service.call('runs.start', small);
    const { run, modelId } = await finished;
    const path = join(dataDir, 'runs', started.id, 'checkpoints', 'epoch-0002.ckpt');
    const message = `Could not write ${path}: no space left on the device (ENOSPC)`;
    expect(events.find((e) => e.event === 'training.error')?.payload).toEqual({
      runId: started.id, message, code: 'storage.no-space', params: { path, errno: 'ENOSPC' },
    });
    expect(run).toMatchObject({ status: 'failed', error: message, epochsDone: 1 });
    expect(modelId).toBeUndefined();
    expect(events.filter((e) => e.event === 'training.epoch')).toHaveLength(2);
    expect(existsSync(join(dataDir, 'runs', started.id, 'model.bplab'))).toBe(false);
    expect((await service.call('runs.get', { id: started.id })).status).toBe('failed');
  });
});

describe('runs.resume of a finished run', () => {
  it('is refused with the code, the run and its model, and the run stays as it was', async () => {
    const { service, done } = await engine();
    const finished = done();
    const started = await service.call('runs.start', { ...small, overrides: { ...small.overrides, epochs: 1 } });
    const { run } = await finished;
    expect(run.status).toBe('completed');
    const answer = await service.handleMessage({ id: 3, method: 'runs.resume', params: { id: started.id } });
    expect(answer).toEqual({
      id: 3,
      error: {
        code: 'run.resume-completed',
        params: { runId: started.id, epochsDone: 1, epochs: 1, modelId: `user:${started.id}` },
        message: `Run ${started.id} has completed (1 of 1 epochs) and is not resumed: start a new run, or fine-tune from its model user:${started.id}`,
      },
    });
    expect(await service.call('runs.get', { id: started.id })).toMatchObject({ status: 'completed', epochsDone: 1 });
  });

  it('refuses a diverged run the same way', async () => {
    const { service, done } = await engine();
    const finished = done();
    const started = await service.call('runs.start', { ...small, overrides: { ...small.overrides, optimizer: { type: 'sgd', lr: 1e6 } }, dataset: { source: 'mnist', trainLimit: 1000, testLimit: 50 } });
    const { run } = await finished;
    expect(run).toMatchObject({ status: 'failed', error: expect.stringMatching(/^Training diverged at epoch \d+, iteration \d+: the loss was /) });
    await expect(service.call('runs.resume', { id: started.id })).rejects.toMatchObject({ code: 'run.resume-diverged', params: { runId: started.id } });
  });
});
