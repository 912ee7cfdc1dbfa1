/**
 * An experiment's networks saved as runs: trained through main/runs they end with the same weights as
 * core's loop run directly, and each is a stored run (name, status, metrics, model in the library)
 * whose data reference names the experiment; a stop of the experiment stops the run it is in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReferenceKernels, getPreset, makeDataset, Rng, TrainingControl, type Dataset, type ExperimentTrainingJob } from '@backprop-lab/core';
import { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';
import { loadRunData } from '../runs/index.js';
import { trainForExperiment, type SaveAsRuns } from './experiment-training.js';

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-experiment-runs-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Seeded noise images with random labels: enough for a few deterministic steps. */
function noise(count: number, seed: number): Dataset {
  const rng = new Rng(seed);
  return makeDataset(Float32Array.from({ length: count * 784 }, () => rng.uniform(0, 1)), Uint8Array.from({ length: count }, () => rng.int(10)));
}

function job(epochs = 2): ExperimentTrainingJob {
  const { modelSpec, trainSpec } = getPreset('seed-mlp');
  return {
    label: 'l2', modelSpec, trainSpec: { ...trainSpec, epochs, batchSize: 20, validationSplit: 0.25, regularisation: { l2: 0.001 } },
    train: noise(80, 1), test: noise(30, 2),
  };
}

function saving(runs: { id: string; name: string }[]): SaveAsRuns {
  return {
    name: 'Over-fitting and its cures', experiment: 'overfitting', provider: 'reference',
    env: { dataDir, appVersion: 'test', models: new ModelStore(BUNDLED, join(dataDir, 'models')) },
    onRun: (run) => runs.push(run),
  };
}

describe('experiment networks saved as runs', () => {
  it('train as core’s loop does and are stored as runs named by the experiment and the network', async () => {
    const epochs: number[] = [];
    const direct = await trainForExperiment(createReferenceKernels(), new TrainingControl())(job());
    const saved: { id: string; name: string }[] = [];
    const viaRun = await trainForExperiment(createReferenceKernels(), new TrainingControl(), saving(saved))({ ...job(), onEpoch: (e) => epochs.push(e.epoch) });

    expect(epochs).toEqual([1, 2]);
    expect(Object.keys(viaRun.weights)).toEqual(Object.keys(direct.weights));
    for (const [name, values] of Object.entries(direct.weights)) expect(Array.from(viaRun.weights[name]!)).toEqual(Array.from(values));
    expect(viaRun.test!.accuracy).toBe(direct.test!.accuracy);

    expect(saved).toHaveLength(1);
    const record = await new RunStore(dataDir).getRun(saved[0]!.id);
    expect(record).toMatchObject({
      name: 'Over-fitting and its cures · l2', status: 'completed', epochsDone: 2,
      dataset: { source: 'experiment', experiment: 'overfitting', network: 'l2', trainCount: 80, testCount: 30 },
    });
    expect(record!.metrics!.test!.accuracy).toBe(direct.test!.accuracy);
    expect(record!.trainSpec.regularisation).toEqual({ l2: 0.001 });
    const models = await new ModelStore(BUNDLED, join(dataDir, 'models')).list();
    expect(models.map((m) => m.id)).toContain(record!.modelId);
  });

  it('stops the run it is in when the experiment is stopped, and records it as stopped', async () => {
    const control = new TrainingControl();
    const saved: { id: string; name: string }[] = [];
    const training = { ...job(50), iterationEventIntervalMs: 0, onIteration: () => control.stop() };
    const done = await trainForExperiment(createReferenceKernels(), control, saving(saved))(training);
    expect(done.reason).toBe('stopped');
    expect(done.epochs).toBeLessThan(50);
    expect((await new RunStore(dataDir).getRun(saved[0]!.id))!.status).toBe('stopped');
  });

  it('such a run names its data but cannot reload it: the error says to run the experiment again', async () => {
    await expect(loadRunData({ source: 'experiment', experiment: 'overfitting', network: 'bagging 3/9', trainCount: 1000, testCount: 10000 }, dataDir))
      .rejects.toThrow(/network "bagging 3\/9" of the overfitting experiment.*run the experiment again/);
  });
});
