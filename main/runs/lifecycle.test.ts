/** The one run lifecycle: what it refuses before writing, what it writes, resume, user data, fine-tuning and its origin. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeModelFile, encodeCsv, getPreset, readManifest, type ModelSpec, type TrainEvent } from '@backprop-lab/core';
import { UserDatasets } from '../datasets/user-datasets.js';
import { ModelStore } from '../store/model-store.js';
import { resumeRun, startRun, type RunEnvironment } from './lifecycle.js';
import type { RunDescription } from './description.js';
import { leaveAsInterrupted } from './interrupted.testing.js';
import { recordingEngine } from '../engine/recording-engine.testing.js';
import { parseResult } from '../../contract/index.js';

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function environment(onEvent?: (event: TrainEvent, runId: string) => void): RunEnvironment {
  return { dataDir, appVersion: 'test', models: new ModelStore(BUNDLED, join(dataDir, 'models')), onEvent };
}

function seedMlp(overrides: Partial<RunDescription> = {}, epochs = 2): RunDescription {
  const { modelSpec, trainSpec } = getPreset('seed-mlp');
  return {
    name: 'seed-mlp test', preset: 'seed-mlp', modelSpec,
    trainSpec: { ...trainSpec, epochs, batchSize: 50, provider: 'js' },
    dataset: { source: 'mnist', trainLimit: 300, testLimit: 50 }, start: { from: 'fresh' }, executor: { threads: 1 },
    ...overrides,
  };
}

const runFolders = () => (existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []);
const weightsOf = (path: string) => decodeModelFile(new Uint8Array(readFileSync(path)), path).weights;

describe('startRun', () => {
  it('refuses a spec that cannot train on the data before creating any folder', async () => {
    const bad: ModelSpec = { inputShape: [784], layers: [{ type: 'dense', units: 5 }], loss: 'softmax-cross-entropy' };
    await expect(startRun(seedMlp({ modelSpec: bad }), environment())).rejects.toThrow(/gives 5 outputs but the data has 10 classes/);
    await expect(startRun(seedMlp({ dataset: { source: 'user', name: 'nothing-here' } }), environment())).rejects.toThrow(/nothing-here/);
    await expect(startRun(seedMlp({ start: { from: 'model', modelId: 'bundled:lenet5' } }), environment())).rejects.toThrow();
    expect(runFolders()).toEqual([]);
  });

  it('records the description in run.json and writes each checkpoint before the next epoch starts', async () => {
    const seenAtEpoch2: boolean[] = [];
    let runDir = '';
    const active = await startRun(seedMlp(), environment((event) => {
      if (event.type === 'iteration' && event.epoch === 2) seenAtEpoch2.push(readdirSync(join(runDir, 'checkpoints')).some((f) => f.startsWith('epoch-0001')));
    }));
    runDir = active.runDir;
    const outcome = await active.finished;
    expect(seenAtEpoch2.length).toBeGreaterThan(0);
    expect(seenAtEpoch2.every(Boolean)).toBe(true);
    const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
    expect(record).toMatchObject({
      name: 'seed-mlp test', status: 'completed', epochsDone: 2,
      dataset: { source: 'mnist', trainLimit: 300, testLimit: 50 }, start: { from: 'fresh' }, executor: { threads: 1 },
    });
    const lines = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.kind === 'epoch').map((l) => l.point.epoch)).toEqual([1, 2]);
    expect(outcome.modelPath).toBe(join(dataDir, 'models', `${record.id}.bplab`));
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(true);
  });

  it('resumed from its checkpoint, a run ends with the weights of one never interrupted', async () => {
    const straight = await (await startRun(seedMlp(), environment())).finished;
    const first = await (await startRun(seedMlp({}, 1), environment())).finished;
    leaveAsInterrupted(join(dataDir, 'runs', first.record.id));
    const resumed = await (await resumeRun(first.record.id, environment(), { epochs: 2 })).finished;
    expect(resumed.record.id).toBe(first.record.id);
    expect(resumed.done.epochs).toBe(2);
    const a = weightsOf(straight.modelPath!);
    const b = weightsOf(resumed.modelPath!);
    for (const name of Object.keys(a)) expect(Array.from(b[name]!.data), name).toEqual(Array.from(a[name]!.data));
  });

  it('trains on a dataset the user imported (CSV), holding out its validation split', async () => {
    // 60 images: class c lights row 2c + 1, so the classes are easy to tell apart.
    const count = 60;
    const images = new Float32Array(count * 784);
    const labels = new Uint8Array(count);
    for (let n = 0; n < count; n++) {
      labels[n] = n % 10;
      for (let c = 0; c < 28; c++) images[n * 784 + (2 * (n % 10) + 1) * 28 + c] = 1;
    }
    await writeFile(join(dataDir, 'mine.csv'), encodeCsv({ images, labels, count, shape: [1, 28, 28], classes: 10 }));
    await new UserDatasets(dataDir).import('mine', { kind: 'csv', path: join(dataDir, 'mine.csv') });
    const description = seedMlp({ dataset: { source: 'user', name: 'mine' } }, 3);
    description.trainSpec = { ...description.trainSpec, validationSplit: 0.5, batchSize: 10 };
    const outcome = await (await startRun(description, environment())).finished;
    expect(outcome.done.reason).toBe('completed');
    expect(outcome.done.test).toBeNull();
    expect(outcome.record).toMatchObject({ dataset: { source: 'user', name: 'mine' }, status: 'completed' });
    // 30 held-out samples: the validation accuracy is a whole number of them.
    expect((outcome.done.validation!.accuracy * 30) % 1).toBeCloseTo(0, 9);
  });

  it("fine-tuning starts from a library model: with no epoch to train, its evaluation is the model's recorded one", async () => {
    const saved = decodeModelFile(new Uint8Array(readFileSync(join(BUNDLED, 'seed-mlp.bplab'))), 'seed-mlp.bplab');
    const description = seedMlp({ start: { from: 'model', modelId: 'bundled:seed-mlp' }, dataset: { source: 'mnist', trainLimit: 1000 } }, 0);
    const outcome = await (await startRun(description, environment())).finished;
    // The whole MNIST test set, as the model's recorded figure was measured on.
    expect(outcome.done.test!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(10_000);
    expect(outcome.done.test!.accuracy).toBe(saved.metrics!.test!.accuracy);
    expect(outcome.record.start).toEqual({ from: 'model', modelId: 'bundled:seed-mlp' });
    // Such a run is one the app lists: runs.list's answer passes the contract as the app's client reads it.
    const { service } = await recordingEngine(dataDir);
    const listed = parseResult('runs.list', await service.call('runs.list', {}));
    expect(listed.map((run) => [run.id, run.epochs, run.status])).toEqual([[outcome.record.id, 0, 'completed']]);
  });
});

describe("a run's origin (provenance.fineTunedFrom)", () => {
  const originOf = (path: string) => decodeModelFile(new Uint8Array(readFileSync(path)), path).provenance.fineTunedFrom;
  // The start model's own figures, read from its file here rather than through the lifecycle.
  const startManifest = readManifest(new Uint8Array(readFileSync(join(BUNDLED, 'seed-mlp.bplab'))), 'seed-mlp.bplab');
  const startFigures = { name: 'seed-mlp', testAccuracy: startManifest.metrics!.test!.accuracy, tensorsCrc32: startManifest.checksum.tensors };
  // 300 images less round(300 · 5000/60000) = 25 held out for validation.
  const samples = 300 - Math.round(300 * (5000 / 60000));

  it("a run from a library model records that model as its file says, and the run's data and length", async () => {
    const outcome = await (await startRun(seedMlp({ start: { from: 'model', modelId: 'bundled:seed-mlp' } }, 1), environment())).finished;
    const origin = originOf(outcome.modelPath!)!;
    expect(origin.start).toMatchObject(startFigures);
    expect(origin.start.runId).toBe(startManifest.provenance.runId);
    expect(origin).toMatchObject({ data: '300 MNIST training digits', samples, epochs: 1, trainingTimeMs: outcome.done.elapsedMs });
    // run.json keeps the start the file records.
    expect(JSON.parse(readFileSync(join(dataDir, 'runs', outcome.record.id, 'run.json'), 'utf8')).fineTuneStart).toEqual(origin.start);
  });

  it("a fresh run and a run from another run's checkpoint record none", async () => {
    const fresh = await (await startRun(seedMlp({}, 1), environment())).finished;
    const fromRun = await (await startRun(seedMlp({ start: { from: 'checkpoint', runId: fresh.record.id } }, 1), environment())).finished;
    for (const outcome of [fresh, fromRun]) {
      expect(outcome.modelPath).toBeDefined();
      expect(originOf(outcome.modelPath!)).toBeUndefined();
      expect(outcome.record.fineTuneStart).toBeUndefined();
    }
  });

  it('a fine-tune stopped after its first epoch and resumed records the same start, though its start model was deleted meanwhile', async () => {
    await mkdir(join(dataDir, 'models'), { recursive: true });
    await copyFile(join(BUNDLED, 'seed-mlp.bplab'), join(dataDir, 'models', 'start.bplab'));
    // The run exists before its first event (its loop starts after startRun resolves).
    const active: Awaited<ReturnType<typeof startRun>> = await startRun(seedMlp({ start: { from: 'model', modelId: 'user:start' } }, 2), environment((event) => {
      if (event.type === 'checkpoint' && event.checkpoint.epoch === 1) active.stop();
    }));
    const stopped = await active.finished;
    expect([stopped.record.status, stopped.done.epochs]).toEqual(['stopped', 1]);
    const before = originOf(stopped.modelPath!)!;
    expect(before.start).toMatchObject(startFigures);
    expect(before.epochs).toBe(1);
    await rm(join(dataDir, 'models', 'start.bplab'));
    const resumed = await (await resumeRun(stopped.record.id, environment(), { epochs: 2 })).finished;
    const after = originOf(resumed.modelPath!)!;
    expect(after.start).toEqual(before.start);
    expect(after).toMatchObject({ data: '300 MNIST training digits', samples, epochs: 2, trainingTimeMs: resumed.done.elapsedMs });
  });
});
