/**
 * The worker executor against independent oracles: one step against the formula of executor.ts worked
 * out on this thread (slices' gradients by computeBatchGradients, Σ_k (m_k/m)·g_k in float64, slice
 * order, one rounding), bit for bit; against core's one-thread step on the whole batch within float32
 * rounding; and everything the loop does around the steps (schedule, augmentation, pause, checkpoint and
 * resume, early stop, NaN guard) with two worker threads. Two threads on a shared 2-core machine finish in
 * varying order, so the bit-identical comparisons also show the result does not depend on timing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticDigits } from '../../core/testing/synthetic-digits.js';
import {
  applyUpdate, computeBatchGradients, createOptimizer, Model, oneHot, Rng, selectKernels, Tensor, trainModel, trainStep, TrainingControl,
  type Kernels, type ModelSpec, type TrainEvent, type TrainingCheckpoint, type TrainSpec,
} from '@backprop-lab/core';
import { startWorkerExecutor, type WorkerExecutor } from './executor.js';

/** BatchNorm and dropout: the layers whose training pass differs per slice. */
const mlp: ModelSpec = {
  inputShape: [784],
  layers: [
    { type: 'dense', units: 12 },
    { type: 'batchnorm' },
    { type: 'activation', fn: 'sigmoid' },
    { type: 'dropout', keep: 0.8 },
    { type: 'dense', units: 10 },
  ],
  loss: 'softmax-cross-entropy',
};

/** No BatchNorm, no dropout: one thread and two compute the same batch gradient up to rounding. */
const plain: ModelSpec = {
  inputShape: [784],
  layers: [{ type: 'dense', units: 12, activation: 'tanh' }, { type: 'dense', units: 10 }],
  loss: 'softmax-cross-entropy',
};

function spec(overrides: Partial<TrainSpec> = {}): TrainSpec {
  return {
    optimizer: { type: 'adam', lr: 0.01 }, init: 'xavier-uniform', batchSize: 32, epochs: 2, seed: 7, validationSplit: 0.2,
    preprocess: { type: 'standardise' }, augment: { shiftPixels: 1, noise: 0.01 }, provider: 'js', ...overrides,
  };
}

const train = syntheticDigits(160, 1);
const test = syntheticDigits(50, 2);
let kernels: Kernels;
let executors: Record<'mlp' | 'plain', WorkerExecutor>;

beforeAll(async () => {
  kernels = await selectKernels('js');
  const start = (modelSpec: ModelSpec) => startWorkerExecutor({ modelSpec, threads: 2, provider: 'js', seed: 7, maxRows: 32, classes: 10 });
  const [a, b] = await Promise.all([start(mlp), start(plain)]);
  executors = { mlp: a, plain: b };
});
afterAll(async () => {
  await Promise.all(Object.values(executors ?? {}).map((e) => e.close()));
});

async function run(
  modelSpec: ModelSpec, trainSpec: TrainSpec,
  extra: { threads?: 1 | 2; resumeFrom?: TrainingCheckpoint; control?: TrainingControl; onEvent?: (e: TrainEvent) => void } = {},
) {
  const events: TrainEvent[] = [];
  const step = (extra.threads ?? 2) === 2 ? executors[modelSpec === mlp ? 'mlp' : 'plain'].step : undefined;
  const done = await trainModel({
    modelSpec, trainSpec, data: { train, test }, kernels, step, resumeFrom: extra.resumeFrom, control: extra.control, iterationEventIntervalMs: 0,
    onEvent: (event) => {
      events.push(event);
      extra.onEvent?.(event);
    },
  });
  return { events, done };
}

const checkpoints = (events: TrainEvent[]) => events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []));

function expectSameWeights(a: Record<string, Float32Array>, b: Record<string, Float32Array>) {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const name of Object.keys(a)) expect(Array.from(a[name]!), name).toEqual(Array.from(b[name]!));
}

describe('the worker executor, one step', () => {
  // 7 rows on 2 threads: slices of 4 and 3 rows, weighted 4/7 and 3/7.
  const rows = 7;
  const x = new Tensor([rows, 784], train.images.slice(0, rows * 784));
  const y = oneHot(train.labels.subarray(0, rows), 10);
  const build = () => Model.build(plain, { kernels, init: 'xavier-uniform', seed: 3, dtype: 'float32' });

  it('updates with Σ_k (m_k/m)·g_k summed in float64 in slice order, bit for bit, and reports the weighted loss', async () => {
    // Nesterov momentum, two steps: the second takes its gradient at the look-ahead point θ − αv.
    const nag = () => createOptimizer({ type: 'nag', lr: 0.1, alpha: 0.9 });
    const model = build();
    const optimizer = nag();
    const losses: number[] = [];
    for (let t = 0; t < 2; t++) losses.push((await executors.plain.step(x, y, { model, optimizer, rng: new Rng(1), globalIteration: t })).loss);

    const oracle = build();
    const oracleOptimizer = nag();
    for (let t = 0; t < 2; t++) {
      oracleOptimizer.beforeGradient(oracle.parameters());
      const sums = oracle.parameters().map((p) => new Float64Array(p.grad.size));
      let loss = 0;
      for (const [start, size] of [[0, 4], [4, 3]] as const) {
        const slice = build();
        slice.loadStateDict(oracle.stateDict());
        const part = computeBatchGradients(
          slice, new Tensor([size, 784], x.data.slice(start * 784, (start + size) * 784)), new Tensor([size, 10], y.data.slice(start * 10, (start + size) * 10)),
        );
        slice.parameters().forEach((p, i) => p.grad.data.forEach((g, j) => (sums[i]![j] = sums[i]![j]! + (size / rows) * g)));
        loss += (size / rows) * part.loss;
      }
      oracle.parameters().forEach((p, i) => p.grad.data.set(sums[i]!));
      applyUpdate(oracle, oracleOptimizer);
      expect(losses[t]).toBe(loss);
    }
    oracle.parameters().forEach((p, i) => expect(Array.from(model.parameters()[i]!.value.data), p.name).toEqual(Array.from(p.value.data)));
  });

  it('agrees with one thread on the whole batch to float32 rounding (|Δθ| ≤ 1e-6 after one SGD step)', async () => {
    const model = build();
    await executors.plain.step(x, y, { model, optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }), rng: new Rng(1), globalIteration: 0 });
    const one = build();
    trainStep(one, createOptimizer({ type: 'sgd', lr: 0.1 }), x, y);
    one.parameters().forEach((p, i) => {
      const theirs = model.parameters()[i]!.value.data;
      const worst = Math.max(...p.value.data.map((v, j) => Math.abs(v - theirs[j]!)));
      expect(worst, p.name).toBeLessThanOrEqual(1e-6);
    });
  });
});

describe('the worker executor in the training loop', () => {
  it('trains with augmentation, a step schedule and validation, deterministically whatever the timing', async () => {
    const scheduled = spec({ epochs: 3, optimizer: { type: 'adam', lr: 0.04 }, schedule: { type: 'step', factor: 0.5, every: 1 } });
    const a = await run(mlp, scheduled);
    const b = await run(mlp, scheduled);
    expectSameWeights(a.done.weights, b.done.weights);
    // η per epoch e (from 0) = 0.04 · 0.5^e, the step schedule's formula.
    expect(a.events.flatMap((e) => (e.type === 'epoch' ? [e.learningRate] : []))).toEqual([0.04, 0.02, 0.01]);
    const last = a.events.filter((e) => e.type === 'epoch').at(-1);
    expect(last?.type === 'epoch' && last.validation!.accuracy).toBeGreaterThanOrEqual(0.9);
    expect(a.done.test!.accuracy).toBeGreaterThanOrEqual(0.9);
    // BatchNorm's running statistics moved away from their start (mean 0, variance 1) through the slices.
    expect(a.done.weights['layers.1.runningMean']!.some((v) => Math.abs(v) > 1e-3)).toBe(true);
  });

  it('matches one thread with augmentation (the loop augments, whoever computes): |Δθ| ≤ 1e-4 after 2 epochs of SGD', async () => {
    const sgd = spec({ optimizer: { type: 'sgd', lr: 0.1 } });
    const two = await run(plain, sgd);
    const one = await run(plain, sgd, { threads: 1 });
    for (const [name, values] of Object.entries(one.done.weights)) {
      const theirs = two.done.weights[name]!;
      expect(Math.max(...values.map((v, i) => Math.abs(v - theirs[i]!))), name).toBeLessThanOrEqual(1e-4);
    }
  });

  it('resumes bit-identically for a fixed thread count: 1 epoch + resume + 1 epoch equals 2 epochs straight', async () => {
    const straight = await run(mlp, spec({ epochs: 2 }));
    const first = await run(mlp, spec({ epochs: 1 }));
    const [checkpoint] = checkpoints(first.events);
    const resumed = await run(mlp, spec({ epochs: 2 }), { resumeFrom: structuredClone(checkpoint!) });
    expectSameWeights(resumed.done.weights, straight.done.weights);
    expect(checkpoints(resumed.events)[0]!.optimizer).toEqual(checkpoints(straight.events)[1]!.optimizer);
    expect(checkpoints(resumed.events)[0]!.rng).toEqual(checkpoints(straight.events)[1]!.rng);
  });

  it('pauses between batches without changing the result, and stops', async () => {
    const control = new TrainingControl();
    const paused = await run(mlp, spec({ epochs: 1 }), {
      control,
      onEvent: (event) => {
        if (event.type === 'iteration' && event.iteration === 1) {
          control.pause();
          setTimeout(() => control.resume(), 30);
        }
      },
    });
    expectSameWeights(paused.done.weights, (await run(mlp, spec({ epochs: 1 }))).done.weights);
    const stopper = new TrainingControl();
    const stopped = await run(mlp, spec({ epochs: 3 }), {
      control: stopper,
      onEvent: (event) => {
        if (event.type === 'iteration' && event.globalIteration === 2) stopper.stop();
      },
    });
    expect(stopped.done.reason).toBe('stopped');
    expect(stopped.events.filter((e) => e.type === 'iteration')).toHaveLength(2);
  });

  it('stops early on the validation loss and restores the best weights', async () => {
    const { events, done } = await run(mlp, spec({ epochs: 6, earlyStopping: { patience: 2, minDelta: 1e9 } }));
    expect(events.find((e) => e.type === 'early-stop')).toMatchObject({ epoch: 3, bestEpoch: 1 });
    expectSameWeights(done.weights, checkpoints(events)[0]!.weights);
  });

  it('ends a run whose loss becomes non-finite as diverged, keeping the last good checkpoint', async () => {
    const { events, done } = await run(plain, spec({ epochs: 4, optimizer: { type: 'sgd', lr: 0.5 }, schedule: { type: 'step', factor: 1e30, every: 1 }, augment: undefined }));
    const diverged = events.find((e) => e.type === 'diverged');
    expect(diverged?.type === 'diverged' && diverged.epoch).toBeGreaterThanOrEqual(2);
    expect(done.reason).toBe('diverged');
    expectSameWeights(done.weights, checkpoints(events).at(-1)!.weights);
  });
});
