/**
 * One conformance suite for every available provider: each must agree with the reference kernels,
 * computed in float64 on the same inputs, within a relative error of 1e-4 (float32 providers), over
 * random shapes with odd sizes, all four transpose combinations, strided and padded convolutions and
 * both convolution gradients. Float64 operands must come back in float64, as exact as the reference.
 * The reference itself is checked against PyTorch in im2col.test.ts and reference.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { conv2dGeometry, type Kernels } from './kernels.js';
import { createReferenceKernels } from './reference.js';
import { WASM_SMALL_PRODUCT_LIMIT, detectProviders, selectKernels } from './select.js';
import { randomTensor, relativeError } from '../testing/tensors.js';

const reference = createReferenceKernels();
const available = (await detectProviders()).filter((p) => p.available).map((p) => p.name);

const random = randomTensor;


// [m, k, n]: degenerate, odd, ragged against the 4×4 tiles, and large enough to cross to tfjs on wasm.
const productShapes: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [3, 5, 7], [5, 300, 3], [17, 33, 9], [6, 25, 130], [37, 129, 65], [64, 784, 64], [100, 7, 50],
  // Single images and a few rows (the vector-matrix path), past the small-product limit and with k, n odd.
  [1, 784, 64], [2, 401, 121], [4, 33, 7],
];
const transposes = [[false, false], [true, false], [false, true], [true, true]] as const;

// [N, C, H, W], [O, kh, kw], stride [sh, sw], padding [ph, pw]: including strides that do not divide the span.
const convCases: [number[], number[], [number, number], [number, number]][] = [
  [[2, 3, 7, 7], [4, 3, 3], [1, 1], [0, 0]],
  [[1, 1, 6, 5], [2, 3, 2], [2, 2], [1, 1]],
  [[3, 2, 9, 8], [5, 5, 5], [1, 1], [2, 2]],
  [[2, 4, 10, 10], [3, 3, 3], [3, 3], [1, 1]],
  [[2, 3, 11, 13], [4, 4, 3], [2, 3], [1, 2]],
  [[4, 1, 28, 28], [6, 5, 5], [1, 1], [2, 2]],
  [[3, 6, 14, 14], [16, 5, 5], [1, 1], [0, 0]],
];

describe.each(available)('provider %s', (name) => {
  let kernels: Kernels;
  const rng = new Rng(20241123);

  it('is selectable by name and reports it', async () => {
    kernels = await selectKernels(name);
    expect(kernels.name).toBe(name);
  });

  it.each(productShapes)('matmul %i×%i·%i in all four transpose combinations', (m, k, n) => {
    for (const [transA, transB] of transposes) {
      const a = random(transA ? [k, m] : [m, k], rng);
      const b = random(transB ? [n, k] : [k, n], rng);
      const expected = reference.matmul(a, b, { transA, transB });
      const actual = kernels.matmul(a.as('float32'), b.as('float32'), { transA, transB });
      expect(actual.dtype).toBe('float32');
      expect(actual.shape).toEqual([m, n]);
      expect(relativeError(actual, expected), `transA ${transA}, transB ${transB}`).toBeLessThanOrEqual(1e-4);
    }
  });

  it('matmul of a mostly zero row (an image) by a matrix, as single-image inference runs it', () => {
    for (const [m, k, n] of [[1, 784, 64], [3, 97, 13]] as const) {
      const a = random([m, k], rng);
      for (let i = 0; i < a.size; i++) if (rng.next() < 0.8) a.data[i] = 0;
      a.data.fill(0, 0, 9);
      const b = random([k, n], rng);
      const actual = kernels.matmul(a.as('float32'), b.as('float32'));
      expect(relativeError(actual, reference.matmul(a, b)), `${m}×${k}·${n}`).toBeLessThanOrEqual(1e-4);
    }
  });

  it('matmul in float64 stays float64 and matches the reference exactly enough for gradient checks', () => {
    const a = random([37, 129], rng);
    const b = random([65, 129], rng);
    const actual = kernels.matmul(a, b, { transB: true });
    expect(actual.dtype).toBe('float64');
    expect(relativeError(actual, reference.matmul(a, b, { transB: true }))).toBeLessThanOrEqual(1e-12);
  });

  it('matmul rejects mismatched inner sizes, naming them', () => {
    expect(() => kernels.matmul(Tensor.zeros([2, 3]), Tensor.zeros([4, 5]))).toThrow(/inner sizes differ/);
  });

  it.each(convCases)('conv2d x %j, filter %j, stride %j, padding %j: forward and both gradients', (xShape, [o = 0, kh = 0, kw = 0], stride, padding) => {
    const x = random(xShape, rng);
    const w = random([o, xShape[1]!, kh, kw], rng);
    const g = conv2dGeometry(x.shape, w.shape, stride, padding);
    const dy = random([g.batch, g.outChannels, g.outHeight, g.outWidth], rng);
    const [x32, w32, dy32] = [x.as('float32'), w.as('float32'), dy.as('float32')];
    const results: [string, Tensor, Tensor][] = [
      ['y', kernels.conv2d(x32, w32, g), reference.conv2d(x, w, g)],
      ['dx', kernels.conv2dGradInput(dy32, w32, g), reference.conv2dGradInput(dy, w, g)],
      ['dW', kernels.conv2dGradFilter(x32, dy32, g), reference.conv2dGradFilter(x, dy, g)],
    ];
    for (const [what, actual, expected] of results) {
      expect(actual.dtype, what).toBe('float32');
      expect(relativeError(actual, expected), what).toBeLessThanOrEqual(1e-4);
    }
  });

  it('conv2d and its input gradient write into a given output buffer and return it', () => {
    const x = random([2, 3, 8, 7], rng);
    const w = random([4, 3, 3, 3], rng);
    const g = conv2dGeometry(x.shape, w.shape, 1, 1);
    const dy = random([g.batch, g.outChannels, g.outHeight, g.outWidth], rng);
    const y = new Float32Array(g.batch * g.outChannels * g.outHeight * g.outWidth).fill(Number.NaN);
    const dx = new Float32Array(x.size).fill(Number.NaN);
    const yResult = kernels.conv2d(x.as('float32'), w.as('float32'), g, y);
    const dxResult = kernels.conv2dGradInput(dy.as('float32'), w.as('float32'), g, dx);
    expect(yResult.data).toBe(y);
    expect(dxResult.data).toBe(dx);
    expect(relativeError(yResult, reference.conv2d(x, w, g))).toBeLessThanOrEqual(1e-4);
    expect(relativeError(dxResult, reference.conv2dGradInput(dy, w, g))).toBeLessThanOrEqual(1e-4);
    expect(() => kernels.conv2d(x.as('float32'), w.as('float32'), g, new Float32Array(3))).toThrow(/output buffer holds 3/);
  });

  it('conv2d applies a bias + ReLU epilogue, and a bias alone, like the definition', () => {
    const x = random([3, 2, 9, 8], rng);
    const w = random([5, 2, 3, 3], rng);
    const bias = random([5], rng);
    const g = conv2dGeometry(x.shape, w.shape, 1, 1);
    const plain = reference.conv2d(x, w, g);
    const plane = g.outHeight * g.outWidth;
    for (const relu of [true, false]) {
      const expected = plain.clone();
      for (let i = 0; i < expected.size; i++) {
        const v = expected.data[i]! + bias.data[Math.floor(i / plane) % 5]!;
        expected.data[i] = relu ? Math.max(0, v) : v;
      }
      const actual = kernels.conv2d(x.as('float32'), w.as('float32'), g, undefined, { bias: bias.as('float32'), relu });
      expect(relativeError(actual, expected), `relu ${relu}`).toBeLessThanOrEqual(1e-4);
      if (relu) expect(Array.from(actual.data).filter((v) => v === 0).length).toBeGreaterThan(actual.size / 4);
    }
  });

  it('conv2d in float64 stays float64', () => {
    const x = random([2, 2, 6, 6], rng);
    const w = random([3, 2, 3, 3], rng);
    const g = conv2dGeometry(x.shape, w.shape, 1, 1);
    const y = kernels.conv2d(x, w, g);
    expect(y.dtype).toBe('float64');
    expect(relativeError(y, reference.conv2d(x, w, g))).toBeLessThanOrEqual(1e-12);
  });
});

describe('the conformance suite itself', () => {
  it('covers the plain-TypeScript providers and, here, simd and wasm', () => {
    expect(available).toEqual(expect.arrayContaining(['reference', 'js', 'simd', 'wasm']));
  });

  it('has products on both sides of the wasm small-product limit, so both of its paths are checked', () => {
    const sizes = productShapes.map(([m, k, n]) => m * k * n);
    expect(sizes.some((s) => s <= WASM_SMALL_PRODUCT_LIMIT)).toBe(true);
    expect(sizes.some((s) => s > WASM_SMALL_PRODUCT_LIMIT)).toBe(true);
  });

  it('would catch a wrong kernel (the comparison is not vacuous)', () => {
    const a = random([5, 6], new Rng(1));
    const b = random([6, 4], new Rng(2));
    const good = reference.matmul(a, b);
    const wrong = reference.matmul(a, b, {});
    wrong.data[3]! += 1e-3 * Math.max(...Array.from(good.data, Math.abs));
    expect(relativeError(wrong, good)).toBeGreaterThan(1e-4);
  });
});
