/**
 * The engine service on the real backend: runs.start and runs.resume go through main/runs' one run
 * lifecycle (the same as the CLI's `train`), on a temporary data directory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import { decodeModelFile, encodeCsv, encodeIdx, getPreset, type Dataset, type LayerSpec } from '@backprop-lab/core';
import { UserDatasets } from '../datasets/user-datasets.js';
import type { EventPayload } from '../../contract/index.js';
import { recordingEngine } from './recording-engine.testing.js';

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-engine-runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const engine = () => recordingEngine(dataDir);

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
    // The model is named by its run, and so is its exported file.
    expect(await service.call('models.get', { id: modelId! })).toMatchObject({ name: 'small seed-mlp', runId: started.id });
    expect((await service.call('models.export', { id: modelId!, format: 'native' })).fileName).toBe('small_seed-mlp.bplab');
    expect((await service.call('models.export', { id: modelId!, format: 'onnx' })).fileName).toBe('small_seed-mlp.onnx');
  });

  it('a run stopped before its first epoch is complete adds no model, and says so; while it trains it cannot be deleted', async () => {
    const { service, done } = await engine();
    const modelsBefore = await service.call('models.list', {});
    const finished = done();
    const started = await service.call('runs.start', { preset: 'seed-mlp', overrides: { provider: 'js' }, dataset: { source: 'mnist', trainLimit: 3000, testLimit: 100 } });
    // A run still training is not deleted: refused by code, its folder left.
    const refused = await service.handleMessage({ id: 9, method: 'runs.delete', params: { id: started.id } });
    expect(refused).toMatchObject({ error: { code: 'run.training', params: { id: started.id } } });
    expect(existsSync(join(dataDir, 'runs', started.id, 'run.json'))).toBe(true);
    // The loop starts after the answer: the stop is there before its first batch.
    await service.call('runs.stop', { id: started.id });
    const { run, modelId } = await finished;
    expect(run).toMatchObject({ status: 'stopped', epochsDone: 0, noModel: 'stopped-before-first-epoch' });
    expect(modelId).toBeUndefined();
    expect(run.testAccuracy).toBeUndefined();
    expect(await service.call('models.list', {})).toEqual(modelsBefore);
    expect(existsSync(join(dataDir, 'runs', started.id, 'model.bplab'))).toBe(false);
  });
});

/** 60 samples: class c lights row 2c + 1 (a little of row 2c + 2 for every third sample), easy to tell apart. */
function stripes(): Dataset {
  const count = 60;
  const images = new Float32Array(count * 784);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    const c = n % 10;
    labels[n] = c;
    for (let x = 0; x < 28; x++) images[n * 784 + (2 * c + 1) * 28 + x] = 1;
    if (n % 3 === 0) for (let x = 0; x < 14; x++) images[n * 784 + (2 * c + 2) * 28 + x] = 1;
  }
  return { images, labels, count, shape: [1, 28, 28], classes: 10 };
}

async function writePngFolder(folder: string, data: Dataset): Promise<void> {
  for (let n = 0; n < data.count; n++) {
    const dir = join(folder, String(data.labels[n]));
    await mkdir(dir, { recursive: true });
    // Ink 1 → black on a white page, as a scanned or drawn digit.
    const grey = Uint8Array.from(data.images.subarray(n * 784, (n + 1) * 784), (v) => 255 - Math.round(v * 255));
    await writeFile(join(dir, `${n}.png`), encodePng({ width: 28, height: 28, data: grey, channels: 1, depth: 8 }));
  }
}

describe('runs.start on a dataset the user imported', () => {
  it('trains on an IDX pair, a CSV and a PNG folder, on their samples alone (half held out)', async () => {
    const { service, events, done } = await engine();
    const data = stripes();
    const idx = encodeIdx(data);
    await writeFile(join(dataDir, 'mine-images-idx3-ubyte'), idx.images);
    await writeFile(join(dataDir, 'mine-labels-idx1-ubyte'), idx.labels);
    await writeFile(join(dataDir, 'mine.csv'), encodeCsv(data));
    await writePngFolder(join(dataDir, 'mine-png'), data);
    const datasets = new UserDatasets(dataDir);
    await datasets.import('from-idx', { kind: 'idx', imagesPath: join(dataDir, 'mine-images-idx3-ubyte'), labelsPath: join(dataDir, 'mine-labels-idx1-ubyte') });
    await datasets.import('from-csv', { kind: 'csv', path: join(dataDir, 'mine.csv') });
    await datasets.import('from-png', { kind: 'png-folder', path: join(dataDir, 'mine-png') });

    const { trainSpec } = getPreset('seed-mlp');
    const weights: Record<string, Record<string, ArrayLike<number>>> = {};
    for (const name of ['from-idx', 'from-csv', 'from-png']) {
      const finished = done();
      const started = await service.call('runs.start', {
        preset: 'seed-mlp', name, trainSpec: { ...trainSpec, epochs: 2, batchSize: 10, validationSplit: 0.5, provider: 'js' },
        dataset: { source: 'user', name },
      });
      const { run } = await finished;
      expect(run).toMatchObject({ status: 'completed', epochsDone: 2 });
      // 30 of the 60 samples train, in batches of 10: 3 iterations per epoch (MNIST would give thousands).
      const iterations = events.filter((e) => e.event === 'training.iteration' && (e.payload as { runId: string }).runId === started.id);
      expect(iterations.length).toBeGreaterThan(0);
      for (const e of iterations) expect((e.payload as EventPayload<'training.iteration'>).iterationsPerEpoch).toBe(3);
      const detail = await service.call('runs.get', { id: started.id });
      expect(detail.dataset).toEqual({ source: 'user', name });
      // A user dataset has no test part; the 30 held-out samples are its validation: whole samples right.
      expect(detail.testAccuracy).toBeUndefined();
      expect((detail.validationAccuracy! * 30) % 1).toBeCloseTo(0, 9);
      weights[name] = decodeModelFile(new Uint8Array(readFileSync(join(dataDir, 'runs', started.id, 'model.bplab'))), name).weights as never;
    }
    // IDX and CSV hold the same pixels in the same order: the two runs are the same run.
    for (const tensor of Object.keys(weights['from-idx']!)) {
      expect(Array.from((weights['from-csv']![tensor] as unknown as { data: Float32Array }).data), tensor)
        .toEqual(Array.from((weights['from-idx']![tensor] as unknown as { data: Float32Array }).data));
    }
  });
});

describe('fine-tuning through the engine API', () => {
  it("starts from a bundled model's weights: its first evaluation is the model's own recorded test accuracy", async () => {
    const { service, done } = await engine();
    const recorded = decodeModelFile(new Uint8Array(readFileSync(join(BUNDLED, 'seed-mlp.bplab'))), 'seed-mlp.bplab').metrics!.test!;
    const finished = done();
    const started = await service.call('runs.start', {
      preset: 'seed-mlp', overrides: { epochs: 1, batchSize: 100, provider: 'js' },
      dataset: { source: 'mnist', trainLimit: 1000 }, start: { from: 'model', modelId: 'bundled:seed-mlp' },
    });
    const { run } = await finished;
    const detail = await service.call('runs.get', { id: started.id });
    expect(detail.start).toEqual({ from: 'model', modelId: 'bundled:seed-mlp' });
    // The summary every list and the run panel get carries the same "before".
    expect(run.startEvaluation).toEqual(detail.startEvaluation);
    // Measured on the whole MNIST test set, as the bundled file's figure was when it was trained.
    expect(detail.startEvaluation).toMatchObject({ on: 'test', count: 10_000 });
    expect(detail.startEvaluation!.accuracy).toBe(recorded.accuracy);
    expect(detail.startEvaluation!.loss).toBeCloseTo(recorded.loss, 6);
  });
});
