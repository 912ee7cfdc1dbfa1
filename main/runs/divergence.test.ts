/**
 * The divergence guard on MNIST (issue 14, item 6): seed-mlp at η = 10⁶ explodes while its loss stays
 * finite and must end `diverged`, keeping the last good checkpoint and saving no model; the presets at
 * their own settings must never come near the guard's ceiling.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  chanceLoss, createLoss, DIVERGENCE_FACTOR, getPreset, presetNames, selectKernels, trainModel, type TrainEvent,
} from '@backprop-lab/core';
import { loadMnist } from '../datasets/mnist.js';
import { ModelStore } from '../store/model-store.js';
import { firstSamples } from './run-data.js';
import { startRun, type RunEnvironment } from './lifecycle.js';
import type { RunDescription } from './description.js';
import { parseResult } from '../../contract/index.js';
import { EngineService } from '../engine/service.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { RunStore } from '../store/run-store.js';

const BUNDLED = fileURLToPath(new URL('../../resources/models/', import.meta.url));

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-diverge-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const environment = (): RunEnvironment => ({ dataDir, appVersion: 'test', models: new ModelStore(BUNDLED, join(dataDir, 'models')) });

function seedMlp(trainSpec: Partial<RunDescription['trainSpec']>): RunDescription {
  const preset = getPreset('seed-mlp');
  return {
    name: 'seed-mlp diverging', preset: 'seed-mlp', modelSpec: preset.modelSpec,
    trainSpec: { ...preset.trainSpec, provider: 'js', ...trainSpec },
    dataset: { source: 'mnist', trainLimit: 2000, testLimit: 100 }, start: { from: 'fresh' }, executor: { threads: 1 },
  };
}

describe('a finite loss that explodes', () => {
  it('seed-mlp at lr 1e6 ends diverged, naming the iteration and the loss, and saves no model', async () => {
    const outcome = await (await startRun(seedMlp({ optimizer: { type: 'sgd', lr: 1e6 }, epochs: 3 }), environment())).finished;
    expect(outcome.done.reason).toBe('diverged');
    // 1,800 training images at batch 128: 15 iterations per epoch; the loss leaves ln 10 after the first
    // step and the tenth in a row above 10·R ends the run inside the first epoch.
    expect(outcome.divergedMessage).toMatch(/^Training diverged at epoch 1, iteration 11: the loss was [\d.e+]+, above 10 × 2\.3\d* = 23\.\d+ for 10 iterations in a row/);
    const loss = Number(/the loss was ([\d.e+]+)/.exec(outcome.divergedMessage!)![1]);
    expect(loss).toBeGreaterThan(1e3);
    const run = JSON.parse(readFileSync(join(dataDir, 'runs', outcome.record.id, 'run.json'), 'utf8'));
    expect(run).toMatchObject({ status: 'diverged', error: outcome.divergedMessage });
    // The same as data, for the app to word in its language: where, and the guard's reason with its numbers
    // (R is this run's first step, whose loss is a little above ln 10).
    expect(run.errorData).toMatchObject({
      code: 'train.diverged-first-epoch', params: { epoch: 1, iteration: 11 },
      problem: { code: 'divergence.iterations-above-first-step', params: { loss: String(loss), factor: 10, iterations: 10, learningRate: 1e6 } },
    });
    expect(outcome.divergedMessage).toContain('(the loss of the first step; learning rate 1000000)');
    expect(run.modelId).toBeUndefined();
    expect(existsSync(join(dataDir, 'runs', outcome.record.id, 'model.bplab'))).toBe(false);
    expect(existsSync(join(dataDir, 'models'))).toBe(false);
  });

  it('a run that explodes in a later epoch keeps the checkpoint of the last good one', async () => {
    // η = 0.2 for the first epoch, then ×5·10⁶ = 10⁶.
    const description = seedMlp({ epochs: 3, schedule: { type: 'step', factor: 5e6, every: 1 } });
    const outcome = await (await startRun(description, environment())).finished;
    expect(outcome.divergedMessage).toMatch(/^Training diverged at epoch 2, iteration \d+: the loss was .*the last good checkpoint is kept$/);
    expect(readdirSync(join(dataDir, 'runs', outcome.record.id, 'checkpoints'))).toEqual(['epoch-0001.ckpt']);
    expect(outcome.record).toMatchObject({ status: 'diverged', epochsDone: 1 });
    expect(outcome.modelPath).toBeUndefined();
  });
});

describe('a loss that becomes NaN', () => {
  it('stops the run, says so, keeps the last good checkpoint, and its page still reads whole', async () => {
    // η = 0.2 for the first epoch, then 0.2 · 10^300: the weights overflow to ±∞ and the loss is NaN.
    const description = seedMlp({ epochs: 3, schedule: { type: 'step', factor: 1e300, every: 1 } });
    const outcome = await (await startRun(description, environment())).finished;
    expect(outcome.done.reason).toBe('diverged');
    expect(outcome.divergedMessage).toMatch(/^Training diverged at epoch 2, iteration \d+: the loss became (NaN|Infinity|-Infinity) .*the last good checkpoint is kept$/);
    const id = outcome.record.id;
    expect(readdirSync(join(dataDir, 'runs', id, 'checkpoints'))).toEqual(['epoch-0001.ckpt']);
    expect(outcome.modelPath).toBeUndefined();
    // The app reads the run as its client does (the contract's check): its curves up to the blow-up, and
    // the error that says what happened.
    const service = new EngineService({ ...createStandInBackend().backend, runs: new RunStore(dataDir) }, () => undefined);
    const detail = parseResult('runs.get', await service.call('runs.get', { id }));
    expect(detail).toMatchObject({ status: 'failed', epochsDone: 1, error: outcome.divergedMessage });
    expect(detail.epochPoints.map((p) => p.epoch)).toEqual([1]);
    expect(detail.iterations.length).toBeGreaterThan(0);
    expect(detail.iterations.every((p) => Number.isFinite(p.loss))).toBe(true);
  });
});

describe('the presets at their own settings', () => {
  it.each(presetNames)('%s stays far below the ceiling for its first iterations', async (name) => {
    const { modelSpec, trainSpec } = getPreset(name);
    // 10 batches of the preset's own size.
    const train = firstSamples(await loadMnist('train'), 10 * trainSpec.batchSize);
    const losses: number[] = [];
    const events: TrainEvent['type'][] = [];
    const kernels = await selectKernels('simd');
    const done = await trainModel({
      modelSpec, trainSpec: { ...trainSpec, epochs: 1, validationSplit: 0 }, data: { train }, kernels, iterationEventIntervalMs: 0,
      onEvent: (event) => {
        events.push(event.type);
        if (event.type === 'iteration') losses.push(event.loss);
      },
    });
    expect(done.reason).toBe('completed');
    expect(events).not.toContain('diverged');
    // Every batch loss stays within 1.2× the larger of ln 10 and the first step's loss (the ceiling is 10×).
    const reference = Math.max(chanceLoss(createLoss(modelSpec.loss), 10), losses[0]!);
    expect(Math.max(...losses) / reference).toBeLessThan(1.2);
    expect(1.2).toBeLessThan(DIVERGENCE_FACTOR);
  });
});
