/**
 * The engine service on the real backend: runs.start and runs.resume go through main/runs' one run
 * lifecycle (the same as the CLI's `train`), on a temporary data directory.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getPreset, type LayerSpec } from '@backprop-lab/core';
import type { EventName, EventPayload } from '../../contract/index.js';
import { createBackend } from './backend.js';
import { EngineService } from './service.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-engine-runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function engine() {
  const events: Array<{ event: EventName; payload: unknown }> = [];
  let onDone: ((payload: EventPayload<'training.done'>) => void) | undefined;
  const service = new EngineService(await createBackend({ dataDir }), (event, payload) => {
    events.push({ event, payload });
    if (event === 'training.done') onDone?.(payload as EventPayload<'training.done'>);
  });
  /** Resolves with the next run's `training.done`. */
  const done = () => new Promise<EventPayload<'training.done'>>((resolve) => (onDone = resolve));
  return { service, events, done };
}

describe('runs.start on the one run lifecycle', () => {
  it('refuses lenet5 with a 15×15 kernel at layer 2, naming the layer and the numbers, and creates no run', async () => {
    const { service } = await engine();
    const modelSpec = structuredClone(getPreset('lenet5').modelSpec);
    modelSpec.layers[2] = { ...modelSpec.layers[2], kernelSize: 15 } as LayerSpec;
    const answer = await service.handleMessage({ id: 7, method: 'runs.start', params: { preset: 'lenet5', modelSpec } });
    // 14×14 input, no padding: floor((14 − 15)/1) + 1 = 0 rows out.
    expect(answer).toMatchObject({
      id: 7,
      error: { code: 'layer.output-too-small', layerIndex: 2, params: { index: 2, kernel: 15, size: 14, out: '0' }, message: expect.stringMatching(/^layer 2 \(conv2d\)/) },
    });
    expect(await service.call('runs.list', {})).toEqual([]);
    expect(existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []).toEqual([]);
  });

  it('refuses a dataset that was never imported, and a model that is not in the library, before any run exists', async () => {
    const { service } = await engine();
    await expect(service.call('runs.start', { preset: 'seed-mlp', dataset: { source: 'user', name: 'never-imported' } })).rejects.toThrow(/never-imported/);
    await expect(service.call('runs.start', { preset: 'seed-mlp', start: { from: 'model', modelId: 'user:nothing' } })).rejects.toThrow(/nothing/);
    expect(await service.call('runs.list', {})).toEqual([]);
  });

  it('trains a small run: its events are the points its folder records, and its model joins the library', async () => {
    const { service, events, done } = await engine();
    const finished = done();
    const started = await service.call('runs.start', {
      preset: 'seed-mlp', name: 'small seed-mlp', overrides: { epochs: 2, batchSize: 50, provider: 'js' },
      dataset: { source: 'mnist', trainLimit: 300, testLimit: 100 },
    });
    expect(started).toMatchObject({ name: 'small seed-mlp', status: 'running', epochs: 2 });
    const { run, modelId, testAccuracy } = await finished;
    expect(run).toMatchObject({ id: started.id, status: 'completed', epochsDone: 2 });
    expect(modelId).toBe(`user:${started.id}`);
    const detail = await service.call('runs.get', { id: started.id });
    expect(detail).toMatchObject({ dataset: { source: 'mnist', trainLimit: 300, testLimit: 100 }, start: { from: 'fresh' }, executor: { threads: 1 }, testAccuracy });
    const pushedEpochs = events.filter((e) => e.event === 'training.epoch').map((e) => {
      const { runId: _id, epochs: _epochs, ...point } = e.payload as EventPayload<'training.epoch'>;
      return point;
    });
    expect(pushedEpochs).toEqual(detail.epochPoints);
    // 100 test images: the accuracy is a whole number of them.
    expect((testAccuracy! * 100) % 1).toBeCloseTo(0, 9);
    expect((await service.call('models.list', {})).map((m) => m.id)).toContain(modelId);
  });
});
