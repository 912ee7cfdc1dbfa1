/**
 * Data-parallel training must compute what one thread computes on the whole batch: the oracle here is
 * core's own single-threaded trainStep on the full mini-batches, in the same seeded order. Summing the
 * slices changes only the float32 summation order of the batch mean, hence the 1e-5 relative tolerance.
 */
import { describe, expect, it } from 'vitest';
import { epochOrder } from '../../core/data/batches.js';
import { SpecError } from '../../core/errors.js';
import { selectKernels } from '../../core/kernels/select.js';
import { oneHot } from '../../core/losses.js';
import { Model } from '../../core/model.js';
import { createOptimizer } from '../../core/optim/index.js';
import { Rng } from '../../core/random.js';
import type { ModelSpec, TrainSpec } from '../../core/spec.js';
import { shapeSize, Tensor } from '../../core/tensor.js';
import { trainStep } from '../../core/train/step.js';
import { trainDataParallel } from './train.js';

const classes = 3;
const count = 19;

const denseSpec: ModelSpec = {
  inputShape: [6],
  layers: [{ type: 'dense', units: 5, activation: 'tanh' }, { type: 'dense', units: classes }],
  loss: 'softmax-cross-entropy',
};

const convSpec: ModelSpec = {
  inputShape: [1, 6, 6],
  layers: [
    { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
    { type: 'maxpool2d', poolSize: 2 },
    { type: 'dense', units: classes },
  ],
  loss: 'softmax-cross-entropy',
};

const trainSpec: TrainSpec = {
  optimizer: { type: 'adam', lr: 0.01 },
  init: 'xavier-uniform',
  regularisation: { l2: 1e-3 },
  // 19 samples in batches of 7: 7, 7 and a last batch of 5, so the slices are 4 + 3 and 3 + 2.
  batchSize: 7,
  epochs: 2,
  seed: 5,
  validationSplit: 0,
  preprocess: { type: 'none' },
  provider: 'js',
};

function samplesFor(spec: ModelSpec) {
  const size = shapeSize(spec.inputShape);
  const rng = new Rng(11);
  return {
    images: Float32Array.from({ length: count * size }, () => rng.uniform(0, 1)),
    labels: Uint8Array.from({ length: count }, (_, i) => (i * 7) % classes),
    size,
  };
}

/** core's trainStep on whole batches, shuffled as trainDataParallel shuffles (epochOrder with the run's Rng). */
async function trainSingleThreaded(spec: ModelSpec, images: Float32Array, labels: Uint8Array, size: number) {
  const kernels = await selectKernels('js');
  const model = Model.build(spec, { kernels, init: trainSpec.init, seed: trainSpec.seed, dtype: 'float32' });
  const optimizer = createOptimizer(trainSpec.optimizer);
  const rng = new Rng(trainSpec.seed);
  const losses: number[] = [];
  for (let epoch = 0; epoch < trainSpec.epochs; epoch++) {
    const order = epochOrder(count, undefined, rng);
    for (let start = 0; start < count; start += trainSpec.batchSize) {
      const rows = order.subarray(start, Math.min(count, start + trainSpec.batchSize));
      const x = Tensor.zeros([rows.length, ...spec.inputShape]);
      rows.forEach((row, i) => x.data.set(images.subarray(row * size, (row + 1) * size), i * size));
      const y = oneHot(Array.from(rows, (row) => labels[row]!), classes);
      losses.push(trainStep(model, optimizer, x, y, { regularisation: trainSpec.regularisation }).loss);
    }
  }
  return { losses, state: model.stateDict() };
}

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let norm = 0;
  for (let i = 0; i < expected.length; i++) {
    difference += (actual[i]! - expected[i]!) ** 2;
    norm += expected[i]! ** 2;
  }
  return Math.sqrt(difference / norm);
}

describe('trainDataParallel', () => {
  it.each([
    ['dense', denseSpec],
    ['conv', convSpec],
  ])('with 2 workers matches single-threaded trainStep on the full batch (%s model)', async (_name, spec) => {
    const { images, labels, size } = samplesFor(spec);
    const expected = await trainSingleThreaded(spec, images, labels, size);
    const steps: number[] = [];
    const result = await trainDataParallel({
      modelSpec: spec, trainSpec, images, labels, count, classes, workers: 2, warmUp: false,
      onStep: (report) => steps.push(report.step),
    });
    expect(steps).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.samples).toBe(2 * count);
    expect(result.replicasIdentical).toBe(true);
    expect(Object.keys(result.stateDict)).toEqual(Object.keys(expected.state));
    for (const [name, tensor] of Object.entries(expected.state)) {
      expect(result.stateDict[name]!.shape).toEqual(tensor.shape);
      expect(relativeError(result.stateDict[name]!.data, tensor.data), name).toBeLessThan(1e-5);
    }
    expect(relativeError(result.losses, expected.losses)).toBeLessThan(1e-5);
  });

  it('is deterministic: two runs with 3 workers end with bit-identical weights', async () => {
    const { images, labels } = samplesFor(denseSpec);
    const run = () => trainDataParallel({ modelSpec: denseSpec, trainSpec, images, labels, count, classes, workers: 3, warmUp: false });
    const [first, second] = [await run(), await run()];
    for (const [name, tensor] of Object.entries(first.stateDict)) {
      expect(Array.from(second.stateDict[name]!.data), name).toEqual(Array.from(tensor.data));
    }
    expect(Array.from(second.losses)).toEqual(Array.from(first.losses));
  });

  it('normalises BatchNorm over each worker\'s slice (ghost batches) and keeps worker 0\'s running statistics', async () => {
    const spec: ModelSpec = {
      inputShape: [6],
      layers: [{ type: 'dense', units: 4 }, { type: 'batchnorm' }, { type: 'activation', fn: 'tanh' }, { type: 'dense', units: classes }],
      loss: 'softmax-cross-entropy',
    };
    const sgd: TrainSpec = { ...trainSpec, optimizer: { type: 'sgd', lr: 0.5 }, regularisation: undefined, batchSize: 8 };
    const { images, labels, size } = samplesFor(spec);
    // Expected: one SGD step with the mean of the two halves' gradients, each half normalised on its own.
    const kernels = await selectKernels('js');
    const build = () => Model.build(spec, { kernels, init: sgd.init, seed: sgd.seed, dtype: 'float32' });
    const order = epochOrder(count, undefined, new Rng(sgd.seed));
    const halfGradients = [order.subarray(0, 4), order.subarray(4, 8)].map((rows) => {
      const model = build();
      const x = Tensor.zeros([rows.length, ...spec.inputShape]);
      rows.forEach((row, i) => x.data.set(images.subarray(row * size, (row + 1) * size), i * size));
      const y = oneHot(Array.from(rows, (row) => labels[row]!), classes);
      const output = model.forward(x, { training: true });
      model.backward(model.loss.gradient(output, y));
      return { grads: model.parameters().map((p) => p.grad.data.slice()), state: model.stateDict() };
    });
    const result = await trainDataParallel({ modelSpec: spec, trainSpec: sgd, images, labels, count, classes, workers: 2, batches: 1, warmUp: false });
    const initial = build();
    initial.parameters().forEach((p, index) => {
      const expected = p.value.data.map((v, i) => v - 0.5 * (0.5 * halfGradients[0]!.grads[index]![i]! + 0.5 * halfGradients[1]!.grads[index]![i]!));
      expect(relativeError(result.stateDict[p.name]!.data, expected), p.name).toBeLessThan(1e-5);
    });
    for (const name of ['layers.1.runningMean', 'layers.1.runningVar']) {
      expect(relativeError(result.stateDict[name]!.data, halfGradients[0]!.state[name]!.data), name).toBeLessThan(1e-6);
    }
  });

  it('refuses a request that does not fit before starting any thread', async () => {
    const { images, labels } = samplesFor(denseSpec);
    await expect(trainDataParallel({ modelSpec: denseSpec, trainSpec, images: images.subarray(0, 10), labels, count, classes }))
      .rejects.toThrow(new SpecError(`images hold 10 values; ${count} samples of [6] need ${count * 6}`));
  });

  it('reports a worker that fails instead of leaving the others waiting', async () => {
    const { images, labels } = samplesFor(denseSpec);
    await expect(trainDataParallel({ modelSpec: denseSpec, trainSpec, images, labels, count, classes, provider: 'tfjs-node-gpu' }))
      .rejects.toThrow(/data-parallel training failed: worker \d: .*tfjs-node-gpu/);
  });
});
