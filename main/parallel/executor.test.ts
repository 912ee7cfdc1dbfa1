/**
 * The worker executor against independent oracles: one step against the formula of executor.ts worked
 * out on this thread (slices' gradients by computeBatchGradients, Σ_k (m_k/m)·g_k in float64, slice
 * order, one rounding), bit for bit; against core's one-thread step on the whole batch within float32
 * rounding, BatchNorm and dropout included, for 2 and 3 threads and batches that do not split evenly; and
 * everything the loop does around the steps (schedule, augmentation, pause, checkpoint and resume, early
 * stop, NaN guard) with two worker threads. Two threads on a shared 2-core machine finish in varying
 * order, so the bit-identical comparisons also show the result does not depend on timing.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { syntheticDigits } from '../../core/testing/synthetic-digits.js';
import {
  applyUpdate, computeBatchGradients, createOptimizer, Model, oneHot, Rng, selectKernels, Tensor, trainModel, trainStep, TrainingControl,
  type Kernels, type ModelSpec, type TrainEvent, type TrainingCheckpoint, type TrainSpec,
} from '@backprop-lab/core';
import { startWorkerExecutor, type WorkerExecutor } from './executor.js';
import { SliceReplica } from './slice-replica.js';

/** BatchNorm and dropout: the layers whose training pass couples the rows of a batch or draws from the stream. */
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

/** A convolution with BatchNorm per channel, then a dense layer with BatchNorm and dropout (cnn-best in small). */
const cnn: ModelSpec = {
  inputShape: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 3, stride: 2 },
    { type: 'batchnorm' },
    { type: 'activation', fn: 'relu' },
    { type: 'maxpool2d', poolSize: 2 },
    { type: 'dense', units: 8 },
    { type: 'batchnorm' },
    { type: 'activation', fn: 'relu' },
    { type: 'dropout', keep: 0.6 },
    { type: 'dense', units: 10 },
  ],
  loss: 'softmax-cross-entropy',
};

/**
 * Two dropout layers of different widths (16 and 12 units): a slice reads the first layer's uniforms for
 * its rows, then the second's, so any other order gives other masks.
 */
const twoDropouts: ModelSpec = {
  inputShape: [784],
  layers: [
    { type: 'dense', units: 16, activation: 'relu' },
    { type: 'dropout', keep: 0.7 },
    { type: 'dense', units: 12, activation: 'tanh' },
    { type: 'dropout', keep: 0.5 },
    { type: 'dense', units: 10 },
  ],
  loss: 'softmax-cross-entropy',
};

/** No BatchNorm, no dropout. */
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
let executors: Record<'mlp' | 'plain' | 'cnn' | 'cnn3' | 'twoDropouts', WorkerExecutor>;

beforeAll(async () => {
  kernels = await selectKernels('js');
  const start = (modelSpec: ModelSpec, threads = 2) => startWorkerExecutor({ modelSpec, threads, provider: 'js', maxRows: 32, classes: 10 });
  const [a, b, c, d, e] = await Promise.all([start(mlp), start(plain), start(cnn), start(cnn, 3), start(twoDropouts)]);
  executors = { mlp: a, plain: b, cnn: c, cnn3: d, twoDropouts: e };
});
afterAll(async () => {
  await Promise.all(Object.values(executors ?? {}).map((e) => e.close()));
});

async function run(
  modelSpec: ModelSpec, trainSpec: TrainSpec,
  extra: { threads?: 1 | 2; resumeFrom?: TrainingCheckpoint; control?: TrainingControl; onEvent?: (e: TrainEvent) => void } = {},
) {
  const events: TrainEvent[] = [];
  const step = (extra.threads ?? 2) === 2 ? executors[modelSpec === mlp ? 'mlp' : modelSpec === cnn ? 'cnn' : 'plain'].step : undefined;
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
    for (let t = 0; t < 2; t++) losses.push((await executors.plain.step(x, y, { model, optimizer, rng: new Rng(1) })).loss);

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
    await executors.plain.step(x, y, { model, optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }), rng: new Rng(1) });
    const one = build();
    trainStep(one, createOptimizer({ type: 'sgd', lr: 0.1 }), x, y);
    one.parameters().forEach((p, i) => {
      const theirs = model.parameters()[i]!.value.data;
      const worst = Math.max(...p.value.data.map((v, j) => Math.abs(v - theirs[j]!)));
      expect(worst, p.name).toBeLessThanOrEqual(1e-6);
    });
  });
});

/** The largest |a − b| over a tensor, relative to the largest |b| in it (1 when b is all zeros). */
function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let gap = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    gap = Math.max(gap, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return gap / (scale || 1);
}

/**
 * The biases just before a BatchNorm: BatchNorm subtracts the batch mean, so their exact gradient is 0
 * and what both paths compute is rounding noise, compared with an absolute bound instead.
 */
const biasesBeforeBatchNorm = new Set(['layers.0.bias', 'layers.4.bias']);
const largest = (values: ArrayLike<number>) => Math.max(...Array.from(values, Math.abs));

const buildCnn = () => Model.build(cnn, { kernels, init: 'he-uniform', seed: 5, dtype: 'float32' });
const imageBatch = (rows: number) => ({
  x: new Tensor([rows, 1, 28, 28], train.images.slice(0, rows * 784)), y: oneHot(train.labels.subarray(0, rows), 10),
});

describe('the worker executor computes the one-thread step, BatchNorm and dropout included', () => {
  // 7 rows: slices 4 + 3 on 2 threads, 3 + 2 + 2 on 3; 2 rows on 3 threads leave the third with none.
  // Tolerance: the slices add the same float32 terms in another order (per-slice matmuls, then the
  // weighted combine; BatchNorm's sums in float64), a few float32 roundings (ε = 6e-8) of the largest
  // term per value, amplified through at most three layers: measured ≤ 1.3e-7 of the tensor's largest gradient;
  // 1e-6 (~16ε) leaves room, while per-slice statistics (ghost batches) or other dropout masks change them by O(1).
  const tolerance = 1e-6;
  for (const [threads, rows] of [[2, 32], [2, 7], [3, 7], [3, 2]] as const) {
    it(`${threads} threads on ${rows} rows: the same gradients, loss, accuracy, running statistics and stream as one thread`, async () => {
      const { x, y } = imageBatch(rows);
      const sgd = () => createOptimizer({ type: 'sgd', lr: 0.1 });
      const one = buildCnn();
      const oneRng = new Rng(11);
      const expected = trainStep(one, sgd(), x, y, { rng: oneRng });
      const model = buildCnn();
      const rng = new Rng(11);
      const result = await executors[threads === 2 ? 'cnn' : 'cnn3'].step(x, y, { model, optimizer: sgd(), rng });

      expect(rng.getState()).toEqual(oneRng.getState());
      expect(result.accuracy).toBe(expected.accuracy);
      expect(Math.abs(result.loss - expected.loss)).toBeLessThanOrEqual(tolerance * expected.loss);
      one.parameters().forEach((p, i) => {
        const theirs = model.parameters()[i]!;
        if (biasesBeforeBatchNorm.has(p.name)) {
          // Noise of the order of ε times the weight gradients' scale (~1e-2 here), on both paths.
          for (const grad of [p.grad.data, theirs.grad.data]) expect(largest(grad), `${p.name} gradient`).toBeLessThanOrEqual(1e-6);
          return;
        }
        expect(relativeGap(theirs.grad.data, p.grad.data), `${p.name} gradient`).toBeLessThanOrEqual(tolerance);
        expect(relativeGap(theirs.value.data, p.value.data), `${p.name} after the update`).toBeLessThanOrEqual(tolerance);
      });
      const buffers = Object.entries(one.stateDict()).filter(([name]) => name.includes('running'));
      expect(buffers).toHaveLength(4);
      for (const [name, tensor] of buffers) expect(relativeGap(model.stateDict()[name]!.data, tensor.data), name).toBeLessThanOrEqual(tolerance);
    });
  }
});

describe('the worker executor replays dropout layer by layer', () => {
  // Same tolerance as above: one thread's masks give float32 summation order only; other masks drop
  // other units and move gradients by O(1) of their scale.
  for (const rows of [7, 32]) {
    it(`two dropout layers on ${rows} rows: the same gradients, loss and stream as one thread`, async () => {
      const x = new Tensor([rows, 784], train.images.slice(0, rows * 784));
      const y = oneHot(train.labels.subarray(0, rows), 10);
      const build = () => Model.build(twoDropouts, { kernels, init: 'he-uniform', seed: 4, dtype: 'float32' });
      const sgd = () => createOptimizer({ type: 'sgd', lr: 0.1 });
      const one = build();
      const oneRng = new Rng(13);
      const expected = trainStep(one, sgd(), x, y, { rng: oneRng });
      const model = build();
      const rng = new Rng(13);
      const result = await executors.twoDropouts.step(x, y, { model, optimizer: sgd(), rng });

      expect(rng.getState()).toEqual(oneRng.getState());
      expect(result.accuracy).toBe(expected.accuracy);
      expect(Math.abs(result.loss - expected.loss)).toBeLessThanOrEqual(1e-6 * expected.loss);
      one.parameters().forEach((p, i) => {
        expect(relativeGap(model.parameters()[i]!.grad.data, p.grad.data), `${p.name} gradient`).toBeLessThanOrEqual(1e-6);
      });
    });
  }
});

describe('a step on a model the workers do not replicate', () => {
  /** A step of the two-dropout executor on a model of twoDropouts' input and loss with other layers. */
  const stepOn = (layers: ModelSpec['layers']) => {
    const model = Model.build({ ...twoDropouts, layers }, { kernels, seed: 4, dtype: 'float32' });
    const x = new Tensor([4, 784], train.images.slice(0, 4 * 784));
    return executors.twoDropouts.step(x, oneHot(train.labels.subarray(0, 4), 10), { model, optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }), rng: new Rng(1) });
  };

  it('is refused before the workers start when its dropout layers hold other units, naming both lists', async () => {
    // twoDropouts' parameters, with its first dropout moved to the input: 784 + 12 units per row against 16 + 12.
    const step = stepOn([
      { type: 'dropout', keep: 0.7 },
      { type: 'dense', units: 16, activation: 'relu' },
      { type: 'dense', units: 12, activation: 'tanh' },
      { type: 'dropout', keep: 0.5 },
      { type: 'dense', units: 10 },
    ]);
    await expect(step).rejects.toThrow("executor: the model's dropout layers hold [784, 12] units per row; the workers' replicas hold [16, 12]");
  });

  it('is refused when its dropout layers hold the workers\' total per row in other widths, naming both lists', async () => {
    // twoDropouts with its hidden widths swapped: 12 + 16 units per row against 16 + 12.
    const step = stepOn([
      { type: 'dense', units: 12, activation: 'relu' },
      { type: 'dropout', keep: 0.7 },
      { type: 'dense', units: 16, activation: 'tanh' },
      { type: 'dropout', keep: 0.5 },
      { type: 'dense', units: 10 },
    ]);
    await expect(step).rejects.toThrow("executor: the model's dropout layers hold [12, 16] units per row; the workers' replicas hold [16, 12]");
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

  it('matches one thread for BatchNorm and dropout: |Δθ| and running statistics ≤ 1e-5 of their scale after 2 epochs of SGD', async () => {
    const sgd = spec({ optimizer: { type: 'sgd', lr: 0.1 }, init: 'he-uniform' });
    const two = await run(cnn, sgd);
    const one = await run(cnn, sgd, { threads: 1 });
    expect(Object.keys(two.done.weights).sort()).toEqual(Object.keys(one.done.weights).sort());
    for (const [name, values] of Object.entries(one.done.weights)) {
      // Those biases start at 0 and only take steps of rounding noise (η times ≤ 1e-6, a few dozen steps).
      if (biasesBeforeBatchNorm.has(name)) for (const bias of [values, two.done.weights[name]!]) expect(largest(bias), name).toBeLessThanOrEqual(1e-5);
      else expect(relativeGap(two.done.weights[name]!, values), name).toBeLessThanOrEqual(1e-5);
    }
    expect(two.done.test!.accuracy).toBe(one.done.test!.accuracy);
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

describe('a worker that dies during a step', () => {
  it('fails the step naming it, and the other worker leaves the BatchNorm barrier instead of waiting for ever', async () => {
    const executor = await startWorkerExecutor({ modelSpec: cnn, threads: 2, provider: 'js', maxRows: 32, classes: 10 });
    try {
      const survivorExit = new Promise<number>((resolve) => executor.workers[0]!.once('exit', resolve));
      const { x, y } = imageBatch(32);
      void executor.workers[1]!.terminate();
      const context = { model: buildCnn(), optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }), rng: new Rng(1) };
      await expect(executor.step(x, y, context)).rejects.toThrow(/worker thread 2 of 2 ended \(exit code 1\) while the run needed it/);
      // Worker 1 waits at the first BatchNorm sum for worker 2, sees the abort, and ends on its own.
      expect(await survivorExit).toBe(1);
      await expect(executor.step(x, y, context)).rejects.toThrow(/worker thread 2 of 2 ended/);
    } finally {
      await executor.close();
    }
  });
});

describe('who computes the slices', () => {
  it('the main thread computes slice 0 of a model without BatchNorm, beside threads − 1 workers; with BatchNorm only workers do', () => {
    expect([executors.plain.mainComputes, executors.plain.workers.length]).toEqual([true, 1]);
    expect([executors.twoDropouts.mainComputes, executors.twoDropouts.workers.length]).toEqual([true, 1]);
    expect([executors.cnn.mainComputes, executors.cnn.workers.length]).toEqual([false, 2]);
    expect([executors.cnn3.mainComputes, executors.cnn3.workers.length]).toEqual([false, 3]);
  });

  it("a failure of the main thread's slice fails the step naming it, breaks the executor, and still closes", async () => {
    const executor = await startWorkerExecutor({ modelSpec: plain, threads: 2, provider: 'js', maxRows: 32, classes: 10 });
    const rows = 6;
    const x = new Tensor([rows, 784], train.images.slice(0, rows * 784));
    const y = oneHot(train.labels.subarray(0, rows), 10);
    const context = { model: Model.build(plain, { kernels, seed: 3, dtype: 'float32' }), optimizer: createOptimizer({ type: 'sgd', lr: 0.1 }), rng: new Rng(1) };
    // Only this thread's replica: the worker runs its own copy of the module.
    const failing = vi.spyOn(SliceReplica.prototype, 'computeSlice').mockImplementationOnce(() => {
      throw new Error('a kernel refused its operands');
    });
    try {
      await expect(executor.step(x, y, context)).rejects.toThrow("the main thread's slice failed: a kernel refused its operands");
      await expect(executor.step(x, y, context)).rejects.toThrow("the main thread's slice failed");
    } finally {
      failing.mockRestore();
      await executor.close();
    }
  });
});
