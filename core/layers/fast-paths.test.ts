/**
 * The float32 fast paths of the layers (branch-free ReLU, fused convolution bias + ReLU, 2×2 max
 * pooling, reused output buffers) against their definitions computed here in float64 by plain loops.
 */
import { describe, expect, it } from 'vitest';
import { biasReluPlanes32, reluBackward32, reluBackwardPlaneSums32, reluForward32 } from '../kernels/relu32.js';
import { createLayer } from './index.js';
import type { Layer } from './layer.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Rng } from '../random.js';
import { Tensor, type DType } from '../tensor.js';
import { float32Providers } from '../testing/providers.js';

const providers = await float32Providers();

function randomArray(size: number, rng: Rng, zeroShare = 0): Float32Array {
  return Float32Array.from({ length: size }, () => (rng.next() < zeroShare ? 0 : rng.normal()));
}

function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let worst = 0;
  let scale = 1e-30;
  for (let i = 0; i < expected.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return worst / scale;
}

describe('branch-free float32 ReLU', () => {
  const z = Float32Array.from([-3, -0, 0, 1e-45, 2.5, -1e-30, Infinity, -Infinity, 7]);

  it('forward is max(0, z), with −0 and negative values giving +0', () => {
    const y = new Float32Array(z.length);
    reluForward32(z, y);
    expect([...y]).toEqual([0, 0, 0, 1e-45 as number, 2.5, 0, Infinity, 0, 7].map((v) => Math.fround(v)));
    expect(Object.is(y[1], 0) && Object.is(y[5], 0)).toBe(true);
  });

  it('backward passes dy exactly where y > 0 (−0 and +0 block it), in place too', () => {
    const y = Float32Array.from([0, -0, 1e-45, 3, Infinity, 0.5]);
    const dy = Float32Array.from([1, 2, 3, 4, 5, -6]);
    const dz = new Float32Array(6);
    reluBackward32(y, dy, dz);
    expect([...dz]).toEqual([0, 0, 3, 4, 5, -6]);
    reluBackward32(y, dy, dy);
    expect([...dy]).toEqual([0, 0, 3, 4, 5, -6]);
  });

  it('bias + ReLU per plane, and the masked gradient with its per-channel sums, match plain loops', () => {
    const rng = new Rng(5);
    const [batch, channels, plane] = [3, 4, 7 * 5];
    const z = randomArray(batch * channels * plane, rng);
    const b = randomArray(channels, rng);
    const dy = randomArray(z.length, rng);
    const expectedY = Array.from(z, (v, i) => Math.max(0, Math.fround(v + b[Math.floor(i / plane) % channels]!)));
    const expectedDz = expectedY.map((v, i) => (v > 0 ? dy[i]! : 0));
    const expectedSums = new Float64Array(channels);
    expectedDz.forEach((v, i) => (expectedSums[Math.floor(i / plane) % channels]! += v));
    biasReluPlanes32(z, b, channels, plane);
    expect([...z]).toEqual(expectedY);
    const dz = new Float32Array(z.length);
    const sums = new Float32Array(channels).fill(99);
    reluBackwardPlaneSums32(z, dy, dz, sums, channels, plane);
    expect([...dz]).toEqual(expectedDz);
    expect(maxRelativeError(sums, expectedSums)).toBeLessThanOrEqual(1e-6);
  });
});

/** Max pooling by its definition: the first largest value of each window in row-major order. */
function maxPoolDefinition(x: Float32Array, planes: number, h: number, w: number, k: number, s: number) {
  const ho = Math.floor((h - k) / s) + 1;
  const wo = Math.floor((w - k) / s) + 1;
  const y: number[] = [];
  const at: number[] = [];
  for (let q = 0; q < planes; q++) {
    for (let i = 0; i < ho; i++) {
      for (let j = 0; j < wo; j++) {
        let best = -Infinity;
        let where = -1;
        for (let u = 0; u < k; u++) {
          for (let v = 0; v < k; v++) {
            const index = q * h * w + (i * s + u) * w + j * s + v;
            if (where < 0 || x[index]! > best) [best, where] = [x[index]!, index];
          }
        }
        y.push(best);
        at.push(where);
      }
    }
  }
  return { y, at };
}

describe('2×2 stride-2 max pooling', () => {
  for (const dtype of ['float32', 'float64'] as DType[]) {
    it(`matches the definition on odd sizes with ties and zeros (${dtype})`, () => {
      const rng = new Rng(9);
      const [n, c, h, w] = [2, 3, 7, 5];
      // Values from a small set, so windows hold ties; a third are 0, as after a ReLU.
      const x32 = Float32Array.from({ length: n * c * h * w }, () => (rng.next() < 0.33 ? 0 : Math.floor(rng.next() * 4)));
      const expected = maxPoolDefinition(x32, n * c, h, w, 2, 2);
      const layer = createLayer({ type: 'maxpool2d', poolSize: 2 }, [c, h, w], { init: 'zero', rng: new Rng(1), dtype });
      const context = { kernels: createReferenceKernels(), training: true, rng: new Rng(1), reuseBuffers: true };
      const x = Tensor.from([n, c, h, w], x32, dtype);
      const dyValues = Array.from({ length: expected.y.length }, (_, i) => i + 1);
      for (let pass = 0; pass < 2; pass++) {
        const y = layer.forward(x, context);
        expect([...y.data]).toEqual(expected.y);
        const dx = layer.backward(Tensor.from(y.shape, dyValues, dtype), context);
        const expectedDx = new Array<number>(x.size).fill(0);
        expected.at.forEach((index, k) => (expectedDx[index]! += dyValues[k]!));
        expect([...dx.data]).toEqual(expectedDx);
      }
    });
  }
});

describe('convolution with a fused ReLU on float32 providers', () => {
  /** The same conv2d + ReLU layer in float64 on the reference provider and in float32 on `kernels`. */
  function pair(seed: number): [Layer, Layer] {
    const spec = { type: 'conv2d' as const, filters: 4, kernelSize: 3, padding: 1, activation: 'relu' as const };
    const wide = createLayer(spec, [3, 6, 5], { init: 'he-uniform', rng: new Rng(seed), dtype: 'float64' });
    const narrow = createLayer(spec, [3, 6, 5], { init: 'he-uniform', rng: new Rng(seed), dtype: 'float32' });
    const bias = wide.params()[1]!.value;
    for (let o = 0; o < bias.size; o++) bias.data[o] = o % 2 ? 0.3 : -0.2;
    narrow.params()[1]!.value.data.set(bias.data);
    return [wide, narrow];
  }

  for (const kernels of providers) {
    it(`${kernels.name}: y, dx, dW and db match float64, also when buffers are reused across passes`, () => {
      const [wide, narrow] = pair(4);
      const rng = new Rng(6);
      for (let pass = 0; pass < 3; pass++) {
        const x = Tensor.from([2, 3, 6, 5], randomArray(2 * 3 * 6 * 5, rng), 'float64');
        const dy = Tensor.from([2, 4, 6, 5], randomArray(2 * 4 * 6 * 5, rng), 'float64');
        const reference = { kernels: createReferenceKernels(), training: true, rng: new Rng(1) };
        const fast = { kernels, training: true, rng: new Rng(1), reuseBuffers: true };
        const yWide = wide.forward(x, reference).clone();
        const dxWide = wide.backward(dy, reference).clone();
        const y = narrow.forward(x.as('float32'), fast);
        expect(maxRelativeError(y.data, yWide.data)).toBeLessThanOrEqual(1e-4);
        const dx = narrow.backward(dy.as('float32'), fast);
        expect(maxRelativeError(dx.data, dxWide.data)).toBeLessThanOrEqual(1e-4);
        wide.params().forEach((p, i) => {
          expect(maxRelativeError(narrow.params()[i]!.grad.data, p.grad.data), p.name).toBeLessThanOrEqual(1e-4);
        });
      }
    });
  }
});
