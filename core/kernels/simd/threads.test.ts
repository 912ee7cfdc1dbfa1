/**
 * The `simd` provider with its kernel threads forced on for every call (split from 0 multiply-adds), so
 * each product is split between the threads by rows or by columns and each convolution by samples,
 * against the float64 reference: the same 1e-4 relative error as the conformance suite. Shapes with
 * sizes that do not divide by the threads or the 4×8 tile, and batches smaller than the thread count.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { conv2dGeometry, type Kernels } from '../kernels.js';
import { createReferenceKernels } from '../reference.js';
import { loadSimdKernels } from './index.js';
import { randomTensor, relativeError } from '../../testing/tensors.js';

const reference = createReferenceKernels();
const threaded: Kernels = await loadSimdKernels(3, { splitFrom: 0 });
afterAll(() => threaded.dispose?.());
const rng = new Rng(77);

const random = (shape: number[]) => randomTensor(shape, rng);


describe('simd kernels split between 3 threads', () => {
  it('reports its threads', () => {
    expect(threaded.threads).toBe(3);
    expect(threaded.splitRule).toEqual({ code: 'provider.simd-split-asked', params: { from: 0 } });
  });

  // [m, k, n]: tall (split by rows), wide (split by columns), fewer rows than threads × 4.
  it.each([[150, 37, 9], [9, 41, 150], [5, 300, 70], [64, 784, 64], [33, 17, 33]])('matmul %i×%i·%i in all four transpose combinations', (m, k, n) => {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = random(transA ? [k, m] : [m, k]);
      const b = random(transB ? [n, k] : [k, n]);
      const actual = threaded.matmul(a.as('float32'), b.as('float32'), { transA, transB });
      expect(relativeError(actual, reference.matmul(a, b, { transA, transB })), `${transA} ${transB}`).toBeLessThanOrEqual(1e-4);
    }
  });

  it.each([
    [[7, 3, 9, 8], [5, 3, 3], 1, 1],
    [[2, 6, 14, 14], [16, 5, 5], 1, 0],
    [[5, 2, 11, 13], [4, 4, 3], 2, 1],
  ] as const)('conv2d x %j, filter %j, stride %i, padding %i: forward, both gradients, fused bias + ReLU', (xShape, [o, kh, kw], stride, padding) => {
    const x = random([...xShape]);
    const w = random([o, xShape[1], kh, kw]);
    const bias = random([o]);
    const g = conv2dGeometry(x.shape, w.shape, stride, padding);
    const dy = random([g.batch, g.outChannels, g.outHeight, g.outWidth]);
    const [x32, w32, dy32] = [x.as('float32'), w.as('float32'), dy.as('float32')];
    expect(relativeError(threaded.conv2d(x32, w32, g), reference.conv2d(x, w, g))).toBeLessThanOrEqual(1e-4);
    expect(relativeError(threaded.conv2dGradInput(dy32, w32, g), reference.conv2dGradInput(dy, w, g))).toBeLessThanOrEqual(1e-4);
    expect(relativeError(threaded.conv2dGradFilter(x32, dy32, g), reference.conv2dGradFilter(x, dy, g))).toBeLessThanOrEqual(1e-4);
    const fused = threaded.conv2d(x32, w32, g, undefined, { bias: bias.as('float32'), relu: true });
    const expected = reference.conv2d(x, w, g);
    const plane = g.outHeight * g.outWidth;
    for (let i = 0; i < expected.size; i++) expected.data[i] = Math.max(0, expected.data[i]! + bias.data[Math.floor(i / plane) % o]!);
    expect(relativeError(fused, expected)).toBeLessThanOrEqual(1e-4);
  });
});
