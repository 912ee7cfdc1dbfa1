/**
 * Reading the PyTorch reference values (`core/testing/fixtures/torch/*.json`) in
 * tests, and comparing tensors by relative error. Pure: the test files read the file themselves
 * (`readFileSync(torchFixturePath('dense'))`), so nothing here touches Node.
 */
import { Tensor, type DType } from '../tensor.js';

export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** URL of a fixture file, e.g. torchFixturePath('dense') → …/core/testing/fixtures/torch/dense.json. */
export function torchFixturePath(name: string): URL {
  return new URL(`./fixtures/torch/${name}.json`, import.meta.url);
}

export function tensorOf(fixture: FixtureTensor, dtype: DType = 'float64'): Tensor {
  return Tensor.from(fixture.shape, fixture.data, dtype);
}

/** max_i |a_i − b_i| / max(max_i |b_i|, tiny): the error relative to the reference's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return worst / Math.max(scale, 1e-30);
}
