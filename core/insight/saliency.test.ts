import { describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { applyPreprocessing, fitPreprocessing, type FittedPreprocessing } from '../data/preprocess.js';
import type { ModelSpec } from '../spec.js';
import { inputSaliency } from './saliency.js';

const conv: ModelSpec = {
  inputShape: [1, 28, 28],
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 5, activation: 'relu' },
    { type: 'batchnorm' },
    { type: 'maxpool2d', poolSize: 2 },
    { type: 'flatten' },
    { type: 'dense', units: 10, activation: 'softmax' },
  ],
  loss: 'softmax-cross-entropy',
};

const mlp: ModelSpec = {
  inputShape: [784],
  layers: [{ type: 'dense', units: 12, activation: 'tanh' }, { type: 'dense', units: 10, activation: 'softmax' }],
  loss: 'softmax-cross-entropy',
};

function randomImages(count: number, rng: Rng): Float32Array {
  return Float32Array.from({ length: count * 784 }, () => (rng.next() < 0.3 ? rng.next() : 0));
}

/** s_c at the raw input x, the way the pad's answer is computed: preprocess, forward in inference mode. */
function score(model: Model, preprocessing: FittedPreprocessing, x: Float64Array, c: number): number {
  const input = Float64Array.from(x);
  applyPreprocessing(preprocessing, input as unknown as Float32Array);
  return model.forward(new Tensor([1, ...model.inputShape], input), { training: false }).data[c]!;
}

function checkAgainstCentralDifferences(spec: ModelSpec, preprocessing: FittedPreprocessing, c: number) {
  const model = Model.build(spec, { kernels: createReferenceKernels(), dtype: 'float64', seed: 3 });
  // Non-trivial running statistics, so BatchNorm's inference scale is part of what is checked.
  for (const [name, tensor] of Object.entries(model.stateDict())) {
    if (name.endsWith('runningMean')) tensor.data.fill(0.2);
    if (name.endsWith('runningVar')) tensor.data.fill(2.5);
  }
  const x = Float64Array.from(randomImages(1, new Rng(11)));
  const analytic = inputSaliency(model, preprocessing, x, c);
  const h = 1e-6;
  const numeric = new Float64Array(784);
  for (let j = 0; j < 784; j++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[j]! += h;
    minus[j]! -= h;
    numeric[j] = (score(model, preprocessing, plus, c) - score(model, preprocessing, minus, c)) / (2 * h);
  }
  let difference = 0;
  let normA = 0;
  let normN = 0;
  for (let j = 0; j < 784; j++) {
    difference += (analytic[j]! - numeric[j]!) ** 2;
    normA += analytic[j]! ** 2;
    normN += numeric[j]! ** 2;
  }
  expect(Math.sqrt(normA)).toBeGreaterThan(1e-3);
  expect(Math.sqrt(difference) / (Math.sqrt(normA) + Math.sqrt(normN))).toBeLessThan(1e-6);
}

describe('inputSaliency = ∂(class score)/∂(raw input), against central differences', () => {
  it('conv → BatchNorm (inference) → max-pool → dense, minmax preprocessing to [−1, 1]', () => {
    const preprocessing = fitPreprocessing({ type: 'minmax', range: [-1, 1] }, randomImages(20, new Rng(1)), 20);
    checkAgainstCentralDifferences(conv, preprocessing, 7);
  });

  it('MLP with per-pixel standardisation (the chain rule through 1/σ_j)', () => {
    const preprocessing = fitPreprocessing({ type: 'standardise' }, randomImages(50, new Rng(2)), 50);
    checkAgainstCentralDifferences(mlp, preprocessing, 2);
  });

  it('MLP with ZCA whitening (the chain rule through Wᵀ)', () => {
    const preprocessing = fitPreprocessing({ type: 'zca-whiten', epsilon: 0.1 }, randomImages(60, new Rng(4)), 60, 1);
    checkAgainstCentralDifferences(mlp, preprocessing, 5);
  });

  it('names a class the model does not have', () => {
    const model = Model.build(mlp, { kernels: createReferenceKernels(), dtype: 'float64' });
    expect(() => inputSaliency(model, null, new Float64Array(784), 10)).toThrow(/class 10 is not one of the model's 10 outputs \(0–9\)/);
  });
});
