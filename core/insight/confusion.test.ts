import { describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { makeDataset } from '../data/dataset.js';
import { confusionMatrix, perClassAccuracy } from './confusion.js';
import { classifyDataset } from './classify.js';
import { firstConvFilters, layerActivations } from './activations.js';

describe('confusion matrix and per-class accuracy', () => {
  it('match a hand count of 8 answers over 3 classes', () => {
    // true:      0 0 0 1 1 2 2 2
    // predicted: 0 1 0 1 1 2 0 1
    const confusion = confusionMatrix([0, 0, 0, 1, 1, 2, 2, 2], [0, 1, 0, 1, 1, 2, 0, 1], 3);
    // Row 0: two 0s read as 0, one as 1; row 1: both right; row 2: one right, one read as 0, one as 1.
    expect(confusion).toEqual([[2, 1, 0], [0, 2, 0], [1, 1, 1]]);
    expect(perClassAccuracy(confusion)).toEqual([2 / 3, 1, 1 / 3]);
    expect(perClassAccuracy([[0, 0], [1, 3]])).toEqual([null, 0.75]);
  });

  it('classifyDataset counts what a model with known weights answers', () => {
    // A "model" that reads pixel 0 only: logits (x₀, −x₀, 0, …, 0).
    const model = Model.build({ inputShape: [784], layers: [{ type: 'dense', units: 10, activation: 'softmax' }], loss: 'softmax-cross-entropy' }, { kernels: createReferenceKernels() });
    const weight = model.stateDict()['layers.0.weight']!;
    weight.data.fill(0);
    model.stateDict()['layers.0.bias']!.data.fill(0);
    // Dense weights are [in, out]: pixel 0 → class 0 with +1, class 1 with −1.
    weight.data[0] = 1;
    weight.data[1] = -1;
    const images = new Float32Array(4 * 784);
    images[0 * 784] = 1; // logits (1, −1, 0…) → 0, labelled 0: right
    images[1 * 784] = 0; // all 0: the first of the tied → 0, labelled 1: wrong
    images[2 * 784] = -1; // (−1, 1, 0…) → 1, labelled 1: right
    images[3 * 784] = 1; // → 0, labelled 0: right
    const data = makeDataset(images, Uint8Array.from([0, 1, 1, 0]));
    const answers = classifyDataset(model, null, data);
    expect(Array.from(answers.predicted)).toEqual([0, 0, 1, 0]);
    expect(answers.confusion[0]![0]).toBe(2);
    expect(answers.confusion[1]).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(answers.accuracy).toBe(0.75);
    expect(answers.perClass.slice(0, 3)).toEqual([1, 0.5, null]);
    expect(answers.confidence[0]).toBeCloseTo(Math.E / (Math.E + 1 / Math.E + 8), 6);
    expect(answers.confidence[1]).toBeCloseTo(0.1, 6);
  });
});

describe('layer activations and filters', () => {
  it('returns every layer output with its shape; the last equals the probabilities before the softmax', () => {
    const model = Model.build({
      inputShape: [1, 28, 28],
      layers: [{ type: 'conv2d', filters: 4, kernelSize: 5, activation: 'relu' }, { type: 'maxpool2d', poolSize: 2 }, { type: 'flatten' }, { type: 'dense', units: 10, activation: 'softmax' }],
      loss: 'softmax-cross-entropy',
    }, { kernels: createReferenceKernels() });
    const pixels = Float32Array.from({ length: 784 }, (_, i) => ((i * 37) % 11) / 10);
    const { layers, probabilities } = layerActivations(model, null, pixels);
    expect(layers.map((l) => [l.type, l.shape])).toEqual([['conv2d', [4, 24, 24]], ['maxpool2d', [4, 12, 12]], ['flatten', [576]], ['dense', [10]]]);
    // ReLU outputs are ≥ 0; the logits' softmax is the probabilities.
    expect(Math.min(...layers[0]!.values)).toBeGreaterThanOrEqual(0);
    const logits = Array.from(layers[3]!.values);
    const z = logits.reduce((sum, v) => sum + Math.exp(v), 0);
    logits.forEach((v, k) => expect(probabilities[k]).toBeCloseTo(Math.exp(v) / z, 5));
    const filters = firstConvFilters(model)!;
    expect(filters.shape).toEqual([4, 1, 5, 5]);
    expect(Array.from(filters.values)).toEqual(Array.from(model.stateDict()['layers.0.weight']!.data));
    expect(model.onLayerOutput).toBeNull();
  });
});

describe('histogram', () => {
  it('counts values into equal bins from min to max, the last bin closed', async () => {
    const { histogram } = await import('./histogram.js');
    // Values 0, 1, 1, 2, 3, 4 in 4 bins of width 1: [0,1) [1,2) [2,3) [3,4].
    const h = histogram([0, 1, 1, 2, 3, 4], 4);
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.counts).toEqual([1, 2, 1, 2]);
    expect(h.mean).toBeCloseTo(11 / 6, 12);
    // Σ(v − mean)² = (121 + 25 + 25 + 1 + 49 + 169)/36 = 390/36.
    expect(h.std).toBeCloseTo(Math.sqrt(390 / 36 / 6), 12);
    expect(histogram([2, 2], 5).counts).toEqual([2]);
  });
});
