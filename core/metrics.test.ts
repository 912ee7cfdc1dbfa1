import { describe, expect, it } from 'vitest';
import { accuracy, zeroOneError } from './metrics.js';
import { oneHot } from './losses.js';
import { Tensor } from './tensor.js';

describe('accuracy and the 0-1 error', () => {
  it('counts rows whose arg-max matches the target class', () => {
    const output = Tensor.from([4, 3], [0.1, 0.7, 0.2, 3, 1, 2, -1, -2, -0.5, 0, 0, 1]);
    const target = oneHot([1, 0, 0, 2], 3);
    expect(accuracy(output, target)).toBe(0.75);
    expect(zeroOneError(output, target)).toBe(0.25);
  });

  it('thresholds a single output column (0.5 for probabilities, 0 for logits)', () => {
    const target = Tensor.from([4, 1], [1, 0, 1, 0]);
    expect(accuracy(Tensor.from([4, 1], [0.9, 0.2, 0.4, 0.6]), target)).toBe(0.5);
    expect(accuracy(Tensor.from([4, 1], [2, -1, 0.4, -0.6]), target, { threshold: 0 })).toBe(1);
  });

  it('rejects mismatched shapes', () => {
    expect(() => accuracy(Tensor.zeros([2, 3]), Tensor.zeros([3, 3]))).toThrow(/\[2, 3\].*\[3, 3\]/);
  });
});
