import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from '../kernels/reference.js';
import { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import { syntheticDigits } from '../testing/synthetic-digits.js';
import type { ModelSpec, TrainSpec } from '../spec.js';
import { distillationTargets } from './distill.js';
import { trainModel, type BatchTargets } from './loop.js';
import { oneHot } from '../losses.js';

/** A teacher whose logits are z = W·x + b, W = [[1, 0], [0, 1], [1, 1]], b = [0, 0.5, −1] (the dense layer's layout [in, out]). */
function teacher(): Model {
  const model = Model.build({ inputShape: [2], layers: [{ type: 'dense', units: 3 }], loss: 'softmax-cross-entropy' }, { kernels: createReferenceKernels() });
  model.loadStateDict({ 'layers.0.weight': Tensor.from([2, 3], [1, 0, 1, 0, 1, 1]), 'layers.0.bias': Tensor.from([3], [0, 0.5, -1]) });
  return model;
}
const softmax = (z: number[]) => {
  const e = z.map((v) => Math.exp(v - Math.max(...z)));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
};

describe('distillation targets', () => {
  // Row 0: x = (2, 0) → z = (2, 0.5, 1), read as 0. Row 1: x = (0, 1) → z = (0, 1.5, 0), read as 1.
  const x = Tensor.from([2, 2], [2, 0, 0, 1]);

  it('blends the teacher\'s softmax in at share λ where it reads the label, and keeps the one-hot row where it does not', () => {
    const y = distillationTargets(teacher(), 0.25)(x, Uint8Array.from([0, 2]), 3);
    const p = softmax([2, 0.5, 1]);
    const expected = [0.75 + 0.25 * p[0]!, 0.25 * p[1]!, 0.25 * p[2]!, 0, 0, 1];
    expect(y.shape).toEqual([2, 3]);
    Array.from(y.data).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
    // A soft row is still a distribution.
    expect(y.data[0]! + y.data[1]! + y.data[2]!).toBeCloseTo(1, 6);
  });

  it('gives the one-hot rows at λ = 0 and the teacher\'s probabilities at λ = 1', () => {
    expect(Array.from(distillationTargets(teacher(), 0)(x, Uint8Array.from([0, 1]), 3).data)).toEqual([1, 0, 0, 0, 1, 0]);
    const all = distillationTargets(teacher(), 1)(x, Uint8Array.from([0, 1]), 3).data;
    [...softmax([2, 0.5, 1]), ...softmax([0, 1.5, 0])].forEach((v, i) => expect(all[i]).toBeCloseTo(v, 6));
  });

  it('refuses a share outside [0, 1] and a teacher with another number of classes', () => {
    expect(() => distillationTargets(teacher(), 1.5)).toThrow(/share 1.5 is outside \[0, 1\]/);
    expect(() => distillationTargets(teacher(), 0.5)(x, Uint8Array.from([0, 1]), 4)).toThrow(/3 outputs a row, the data has 4 classes/);
  });
});

describe('the training loop\'s targets', () => {
  const modelSpec: ModelSpec = { inputShape: [784], layers: [{ type: 'dense', units: 10 }], loss: 'softmax-cross-entropy' };
  const trainSpec: TrainSpec = {
    optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform', batchSize: 16, epochs: 1, seed: 3, validationSplit: 0.25,
    preprocess: { type: 'none' }, provider: 'reference',
  };
  const train = syntheticDigits(64, 1);
  const weightsAfter = async (targets?: BatchTargets) => {
    const seen: number[] = [];
    const done = await trainModel({
      modelSpec, trainSpec, data: { train }, kernels: createReferenceKernels(), iterationEventIntervalMs: 0, onEvent: () => undefined,
      targets: targets && ((batch, labels, classes) => {
        seen.push(labels.length);
        return targets(batch, labels, classes);
      }),
    });
    return { weights: Array.from(done.weights['layers.0.weight']!), seen };
  };

  it('are the labels\' one-hot rows unless a run gives its own, which every batch then trains on', async () => {
    const plain = await weightsAfter();
    const same = await weightsAfter((_, labels, classes) => oneHot(labels, classes));
    // 48 training samples in batches of 16: three batches, each through the given targets.
    expect(same.seen).toEqual([16, 16, 16]);
    expect(same.weights).toEqual(plain.weights);
    const uniform = await weightsAfter((_, labels, classes) => Tensor.from([labels.length, classes], new Array(labels.length * classes).fill(1 / classes)));
    expect(uniform.weights).not.toEqual(plain.weights);
  });
});
