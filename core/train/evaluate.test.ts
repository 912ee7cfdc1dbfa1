import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from '../kernels/reference.js';
import { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import { evaluate } from './evaluate.js';

describe('evaluate', () => {
  // A 2 → 2 dense layer with W = I and b = 0: the logits are the inputs themselves.
  const model = Model.build({ inputShape: [2], layers: [{ type: 'dense', units: 2 }], loss: 'softmax-cross-entropy' }, { kernels: createReferenceKernels() });
  model.loadStateDict({ 'layers.0.weight': Tensor.from([2, 2], [1, 0, 0, 1]), 'layers.0.bias': Tensor.from([2], [0, 0]) });
  const samples = { images: Float32Array.from([1, 0, 0, 1, 2, 1]), labels: Uint8Array.from([0, 1, 1]), count: 3 };

  it('gives the mean cross-entropy, the accuracy and the confusion matrix worked by hand', () => {
    for (const batchSize of [1, 2, 500]) {
      const result = evaluate(model, model.loss, samples, { inputShape: [2], classes: 2, batchSize });
      // −log σ(1 − 0) = log(1 + e⁻¹) for the first two; the third has logits (2, 1) and label 1: log(1 + e).
      const expectedLoss = (2 * Math.log(1 + Math.exp(-1)) + Math.log(1 + Math.E)) / 3;
      expect(result.loss).toBeCloseTo(expectedLoss, 6);
      expect(result.accuracy).toBeCloseTo(2 / 3, 12);
      expect(result.confusion).toEqual([
        [1, 0],
        [1, 1],
      ]);
    }
  });
});
