import { describe, expect, it } from 'vitest';
import { syntheticDigits } from '../testing/synthetic-digits.js';
import { createReferenceKernels } from '../kernels/reference.js';
import type { ModelSpec, TrainSpec } from '../spec.js';
import { TrainingControl } from './control.js';
import type { DoneEvent, TrainEvent, TrainingCheckpoint } from './events.js';
import { baseLearningRate, trainModel } from './loop.js';
import { singleThreadStep, type StepFunction } from './executor.js';
import { evaluateDataset } from './evaluate.js';
import { Model } from '../model.js';
import { fitPreprocessing } from '../data/preprocess.js';

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

function spec(overrides: Partial<TrainSpec> = {}): TrainSpec {
  return {
    optimizer: { type: 'adam', lr: 0.01 },
    init: 'xavier-uniform',
    batchSize: 32,
    epochs: 2,
    seed: 7,
    validationSplit: 0.2,
    preprocess: { type: 'standardise' },
    augment: { shiftPixels: 1, noise: 0.01 },
    provider: 'reference',
    ...overrides,
  };
}

const train = syntheticDigits(160, 1);
const test = syntheticDigits(50, 2);

async function run(trainSpec: TrainSpec, extra: { resumeFrom?: TrainingCheckpoint; control?: TrainingControl; onEvent?: (e: TrainEvent) => void } = {}) {
  const events: TrainEvent[] = [];
  const done = await trainModel({
    modelSpec: mlp,
    trainSpec,
    data: { train, test },
    kernels: createReferenceKernels(),
    resumeFrom: extra.resumeFrom,
    control: extra.control,
    iterationEventIntervalMs: 0,
    onEvent: (event) => {
      events.push(event);
      extra.onEvent?.(event);
    },
  });
  return { events, done };
}

function checkpoints(events: TrainEvent[]): TrainingCheckpoint[] {
  return events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []));
}

function expectSameWeights(a: Record<string, Float32Array>, b: Record<string, Float32Array>) {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const name of Object.keys(a)) expect(Array.from(a[name]!), name).toEqual(Array.from(b[name]!));
}

describe('trainModel', () => {
  it('takes ⌈N/B⌉ steps per epoch on the training split and reports every epoch', async () => {
    const { events, done } = await run(spec());
    // 160 samples, 20% held out → 128 for training; ⌈128/32⌉ = 4 iterations per epoch.
    const iterations = events.filter((e) => e.type === 'iteration');
    expect(iterations.every((e) => e.type === 'iteration' && e.iterationsPerEpoch === 4)).toBe(true);
    expect(iterations.at(-1)).toMatchObject({ epoch: 2, iteration: 4, globalIteration: 8 });
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs.map((e) => e.type === 'epoch' && e.epoch)).toEqual([1, 2]);
    const first = epochs[0]!;
    expect(first.type === 'epoch' && Object.keys(first.gradientNorms)).toEqual([
      'layers.0.weight', 'layers.0.bias', 'layers.1.gamma', 'layers.1.beta', 'layers.4.weight', 'layers.4.bias',
    ]);
    expect(done.reason).toBe('completed');
    expect(done.epochs).toBe(2);
    expect(events.at(-1)).toBe(done);
  });

  it('evaluates the test set with a confusion matrix whose trace is the number correct', async () => {
    const { done } = await run(spec({ epochs: 3 }));
    const confusion = done.test!.confusion;
    const total = confusion.flat().reduce((a, b) => a + b, 0);
    const trace = confusion.reduce((sum, row, i) => sum + row[i]!, 0);
    expect(total).toBe(50);
    expect(confusion.map((row) => row.reduce((a, b) => a + b, 0))).toEqual(new Array(10).fill(5));
    expect(done.test!.accuracy).toBeCloseTo(trace / 50, 12);
  });

  it('is deterministic: the same spec and seed give the same weights; another seed does not', async () => {
    const a = await run(spec());
    const b = await run(spec());
    const c = await run(spec({ seed: 8 }));
    expectSameWeights(a.done.weights, b.done.weights);
    expect(Array.from(c.done.weights['layers.0.weight']!)).not.toEqual(Array.from(a.done.weights['layers.0.weight']!));
  });

  it('resumes bit-identically: 1 epoch + resume + 1 epoch equals 2 epochs straight', async () => {
    const straight = await run(spec({ epochs: 2 }));
    const first = await run(spec({ epochs: 1 }));
    const [checkpoint] = checkpoints(first.events);
    expect(checkpoint!.epoch).toBe(1);
    const resumed = await run(spec({ epochs: 2 }), { resumeFrom: structuredClone(checkpoint!) });
    expect(resumed.events.filter((e) => e.type === 'epoch').map((e) => e.type === 'epoch' && e.epoch)).toEqual([2]);
    // BatchNorm's running statistics travel in the checkpoint too.
    expect(Object.keys(checkpoint!.weights)).toEqual(expect.arrayContaining(['layers.1.runningMean', 'layers.1.runningVar']));
    expectSameWeights(resumed.done.weights, straight.done.weights);
    expect(Array.from(first.done.weights['layers.0.weight']!)).not.toEqual(Array.from(straight.done.weights['layers.0.weight']!));
    const straightSecond = checkpoints(straight.events)[1]!;
    expect(checkpoints(resumed.events)[0]!.rng).toEqual(straightSecond.rng);
    expect(checkpoints(resumed.events)[0]!.optimizer).toEqual(straightSecond.optimizer);
  });

  it('stops early after `patience` epochs without improvement and restores the best weights', async () => {
    // minDelta so large that no epoch after the first counts as an improvement.
    const { events, done } = await run(spec({ epochs: 6, earlyStopping: { patience: 2, minDelta: 1e9 } }));
    const stop = events.find((e) => e.type === 'early-stop');
    expect(stop).toMatchObject({ epoch: 3, bestEpoch: 1 });
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3);
    expect(done.reason).toBe('early-stop');
    expectSameWeights(done.weights, checkpoints(events)[0]!.weights);
  });

  it('stops on a non-finite loss, naming epoch and iteration, and keeps the last good checkpoint', async () => {
    // The learning rate jumps by 10^30 after the first epoch, so the second epoch blows up.
    const { events, done } = await run(
      spec({ epochs: 4, optimizer: { type: 'sgd', lr: 0.5 }, schedule: { type: 'step', factor: 1e30, every: 1 }, augment: undefined }),
    );
    const diverged = events.find((e) => e.type === 'diverged');
    if (diverged?.type !== 'diverged') throw new Error('expected a diverged event');
    expect(diverged.epoch).toBeGreaterThanOrEqual(2);
    expect(diverged.message).toMatch(new RegExp(`epoch ${diverged.epoch}, iteration ${diverged.iteration}\\b`));
    expect(done.reason).toBe('diverged');
    expect(done.test).toBeNull();
    const saved = checkpoints(events);
    expect(saved.at(-1)!.epoch).toBe(diverged.epoch - 1);
    expectSameWeights(done.weights, saved.at(-1)!.weights);
    expect(Object.values(done.weights).every((w) => w.every(Number.isFinite))).toBe(true);
  });

  it('pauses between batches and resumes; a stop ends the run with reason "stopped"', async () => {
    const control = new TrainingControl();
    let pausedAt = -1;
    const paused = await run(spec({ epochs: 1 }), {
      control,
      onEvent: (event) => {
        if (event.type === 'iteration' && event.iteration === 1) {
          control.pause();
          pausedAt = performance.now();
          setTimeout(() => control.resume(), 30);
        }
      },
    });
    expect(paused.done.reason).toBe('completed');
    expect(control.paused).toBe(false);
    expect(pausedAt).toBeGreaterThan(0);
    const sameWithoutPause = await run(spec({ epochs: 1 }));
    expectSameWeights(paused.done.weights, sameWithoutPause.done.weights);

    const stopper = new TrainingControl();
    const stopped = await run(spec({ epochs: 3 }), {
      control: stopper,
      onEvent: (event) => {
        if (event.type === 'iteration' && event.globalIteration === 2) stopper.stop();
      },
    });
    expect(stopped.done.reason).toBe('stopped');
    expect(stopped.events.filter((e) => e.type === 'iteration')).toHaveLength(2);
    expect(stopped.events.some((e) => e.type === 'epoch')).toBe(false);
  });

  it('a paused run that is stopped ends at once', async () => {
    const control = new TrainingControl();
    const result = await run(spec({ epochs: 2 }), {
      control,
      onEvent: (event) => {
        if (event.type === 'iteration' && event.globalIteration === 1) {
          control.pause();
          setTimeout(() => control.stop(), 10);
        }
      },
    });
    expect((result.done as DoneEvent).reason).toBe('stopped');
  });

  it('lets timers run while it trains (it yields to the event loop)', async () => {
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 1);
    let ticksAtEnd = 0;
    await run(spec({ epochs: 2 }), { onEvent: (event) => event.type === 'done' && (ticksAtEnd = ticks) });
    clearInterval(timer);
    expect(ticksAtEnd).toBeGreaterThan(0);
  });

  it('rejects a model whose input does not fit the data, naming both sizes', async () => {
    await expect(
      trainModel({
        modelSpec: { ...mlp, inputShape: [100] },
        trainSpec: spec(),
        data: { train },
        kernels: createReferenceKernels(),
        onEvent: () => {},
      }),
    ).rejects.toThrow(/\[100\] holds 100 values but each sample of the data has 784/);
  });

  it('starts the schedule at the optimizer default when the spec leaves lr out (Adam 0.001, TEXTBOOK §5)', () => {
    const spec = (optimizer: TrainSpec['optimizer']) => ({ optimizer }) as TrainSpec;
    expect(baseLearningRate(spec({ type: 'adam' } as TrainSpec['optimizer']))).toBe(0.001);
    expect(baseLearningRate(spec({ type: 'rmsprop' } as TrainSpec['optimizer']))).toBe(0.001);
    expect(baseLearningRate(spec({ type: 'sgd', lr: 0.2 }))).toBe(0.2);
  });

  it('a run that diverges in its first epoch says there is no checkpoint yet, and restores the initial weights', async () => {
    const { events, done } = await run(spec({ epochs: 1, optimizer: { type: 'sgd', lr: 1e38 }, augment: undefined }));
    const diverged = events.find((e) => e.type === 'diverged');
    if (diverged?.type !== 'diverged') throw new Error('expected a diverged event');
    expect(diverged.epoch).toBe(1);
    expect(diverged.message).toMatch(/there is no checkpoint yet/);
    expect(diverged.message).not.toMatch(/last good checkpoint is kept/);
    expect(checkpoints(events)).toHaveLength(0);
    expect(done.reason).toBe('diverged');
  });

  it('checks the last layer against the classes before training, naming the layer and both numbers', async () => {
    const fiveOutputs: ModelSpec = { ...mlp, layers: [...mlp.layers.slice(0, -1), { type: 'dense', units: 5 }] };
    const attempt = trainModel({ modelSpec: fiveOutputs, trainSpec: spec(), data: { train }, kernels: createReferenceKernels(), onEvent: () => {} });
    await expect(attempt).rejects.toThrow('layer 4 (dense) gives 5 outputs but the data has 10 classes');
    await expect(attempt).rejects.toMatchObject({ name: 'SpecError', layerIndex: 4 });
  });

  it.each([
    // The Rng takes a 32-bit unsigned integer: whole, in [0, 2³² = 4294967296).
    [{ seed: 'abc' as unknown as number }, /^TrainSpec: seed must be a whole number in \[0, 4294967296\), got 'abc'$/],
    [{ seed: 4294967297 }, /TrainSpec: seed .* got 4294967297/],
    [{ seed: -1 }, /TrainSpec: seed .* got -1/],
    [{ seed: 1.5 }, /TrainSpec: seed .* got 1\.5/],
    [{ preprocess: { type: 'minmax', range: [1, 1] as unknown as [0, 1] } }, /TrainSpec: preprocess\.range must be \[lo, hi\] with lo < hi, got \[1,1\]/],
  ] as [Partial<TrainSpec>, RegExp][])('refuses the TrainSpec %j with a message naming the field and value', async (overrides, message) => {
    await expect(run(spec(overrides))).rejects.toThrow(message);
  });

  it('a TrainSpec field that breaks its rule is a field problem as data (train.field), early stopping\'s dotted', async () => {
    await expect(run(spec({ seed: -1 }))).rejects.toMatchObject({
      code: 'train.field', params: {}, problem: { code: 'field.whole-below', params: { field: 'seed', min: 0, max: 4294967296, got: '-1' } },
    });
    await expect(run(spec({ batchSize: 0 }))).rejects.toMatchObject({ problem: { code: 'field.whole', params: { field: 'batchSize', min: 1, got: '0' } } });
    await expect(run(spec({ validationSplit: 1 }))).rejects.toMatchObject({ problem: { code: 'field.in-right-open', params: { field: 'validationSplit', min: 0, max: 1, got: '1' } } });
    await expect(run(spec({ earlyStopping: { patience: 2.5 } }))).rejects.toMatchObject({
      message: 'TrainSpec: earlyStopping.patience must be a whole number ≥ 1, got 2.5',
      problem: { code: 'field.whole', params: { field: 'earlyStopping.patience', min: 1, got: '2.5' } },
    });
  });
});

describe('trainModel: the step function and the starting weights', () => {
  it('takes every step through the step function it is given, across a resume', async () => {
    let steps = 0;
    const counting: StepFunction = (x, y, context) => {
      steps += 1;
      return singleThreadStep(x, y, context);
    };
    const straight = await run(spec({ epochs: 2 }));
    const first = await trainModel({
      modelSpec: mlp, trainSpec: spec({ epochs: 1 }), data: { train, test }, kernels: createReferenceKernels(), step: counting,
      onEvent: () => {},
    });
    const checkpoint = (await run(spec({ epochs: 1 }))).events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []))[0]!;
    const resumed = await trainModel({
      modelSpec: mlp, trainSpec: spec({ epochs: 2 }), data: { train, test }, kernels: createReferenceKernels(), step: counting,
      resumeFrom: checkpoint, onEvent: () => {},
    });
    // 128 training samples (160 less the 20% split) in batches of 32: 4 steps per epoch, epoch 1 then epoch 2.
    expect(steps).toBe(8);
    expectSameWeights(first.weights, checkpoint.weights);
    expectSameWeights(resumed.weights, straight.done.weights);
  });

  it('an async step function is awaited', async () => {
    const later: StepFunction = async (x, y, context) => {
      await new Promise((resolve) => setTimeout(resolve, 0));
      return singleThreadStep(x, y, context);
    };
    const done = await trainModel({
      modelSpec: mlp, trainSpec: spec({ epochs: 1 }), data: { train, test }, kernels: createReferenceKernels(), step: later, onEvent: () => {},
    });
    expectSameWeights(done.weights, (await run(spec({ epochs: 1 }))).done.weights);
  });

  it("starts from given weights and preprocessing: with no epoch to train, its evaluation is that model's own", async () => {
    const kernels = createReferenceKernels();
    const other = Model.build(mlp, { kernels, init: 'he-normal', seed: 99, dtype: 'float32' });
    const weights = Object.fromEntries(Object.entries(other.stateDict()).map(([name, t]) => [name, Float32Array.from(t.data)]));
    // A preprocessing fitted on other data than this run's split: the run must use it as it is.
    const preprocessing = fitPreprocessing({ type: 'standardise' }, test.images, test.count);
    const done = await trainModel({
      modelSpec: mlp, trainSpec: spec({ epochs: 0 }), data: { train, test }, kernels, initial: { weights, preprocessing }, onEvent: () => {},
    });
    expectSameWeights(done.weights, weights);
    expect(done.preprocessing).toBe(preprocessing);
    const own = evaluateDataset(other, preprocessing, test);
    expect(done.test!.loss).toBe(own.loss);
    expect(done.test!.accuracy).toBe(own.accuracy);
  });
});
