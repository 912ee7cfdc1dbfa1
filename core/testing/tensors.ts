/** Test support: random float64 tensors and the relative error every kernel test compares with. */
import { expect } from 'vitest';
import type { Rng } from '../random.js';
import { Tensor } from '../tensor.js';

/** Standard-normal entries drawn from `rng`. */
export function randomTensor(shape: number[], rng: Rng): Tensor {
  const t = Tensor.zeros(shape, 'float64');
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal();
  return t;
}

/** max |actual − expected| / max |expected|, after checking the shapes agree. */
export function relativeError(actual: Tensor, expected: Tensor): number {
  expect(actual.shape).toEqual(expected.shape);
  let worst = 0;
  let scale = Number.MIN_VALUE;
  for (let i = 0; i < expected.size; i++) {
    worst = Math.max(worst, Math.abs(actual.data[i]! - expected.data[i]!));
    scale = Math.max(scale, Math.abs(expected.data[i]!));
  }
  return worst / scale;
}
