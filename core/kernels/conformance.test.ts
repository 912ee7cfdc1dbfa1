/**
 * One conformance suite for every available provider: each must agree with the reference kernels,
 * computed in float64 on the same inputs, within a relative error of 1e-4 (float32 providers), over
 * random shapes with odd sizes, all four transpose combinations, strided and padded convolutions and
 * both convolution gradients. Float64 operands must come back in float64, as exact as the reference.
 * The reference itself is checked against PyTorch in im2col.test.ts and reference.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import { conv2dGeometry, type Kernels } from './kernels.js';
import {
  batchNormBackwardLoops, batchNormGradientSumsLoops, batchNormInputGradientLoops, batchNormPasses, batchNormStatisticsLoops, type BatchNormStatisticsPass,
} from './batchnorm.js';
import { createReferenceKernels } from './reference.js';
import { WASM_SMALL_PRODUCT_LIMIT, detectProviders, selectKernels, withFloat64Reference } from './select.js';
import { loadSimdKernels } from './simd/index.js';
import { randomTensor, relativeError } from '../testing/tensors.js';
import { activations } from '../activations.js';
import { sgdRule } from '../optim/sgd.js';
import { adamRule } from '../optim/adam.js';

const reference = createReferenceKernels();
const available = (await detectProviders()).filter((p) => p.available).map((p) => p.name);
// Every available provider as selected (simd with its kernel threads, on shared memory), and simd on one
// thread, which runs the other build of the same sources on a memory of its own (simd/module.ts).
const cases: { label: string; name: string; load: () => Promise<Kernels> }[] = available.map((name) => ({ label: name, name, load: () => selectKernels(name) }));
if (available.includes('simd')) {
  cases.push({ label: 'simd on one thread (its own memory)', name: 'simd', load: async () => withFloat64Reference(await loadSimdKernels(1)) });
  // Where relaxed SIMD runs, the provider loads the fused multiply-add build: the plain one is checked too.
  cases.push({ label: 'simd on one thread, plain build (no fused multiply-add)', name: 'simd', load: async () => withFloat64Reference(await loadSimdKernels(1, { fma: false })) });
  // Its kernel threads on shared memory with every call split, whatever the start-up measurement finds
  // (selectKernels keeps one thread where no split paid).
  cases.push({ label: 'simd on 2 kernel threads, every call split', name: 'simd', load: async () => withFloat64Reference(await loadSimdKernels(2, { splitFrom: 0 })) });
}

const random = randomTensor;


// [m, k, n]: degenerate, odd, ragged against the 4×4 tiles, and large enough to cross to tfjs on wasm.
const productShapes: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [3, 5, 7], [5, 300, 3], [17, 33, 9], [6, 25, 130], [37, 129, 65], [64, 784, 64], [100, 7, 50],
  // Single images and a few rows (the vector-matrix path), past the small-product limit and with k, n odd.
  [1, 784, 64], [2, 401, 121], [4, 33, 7],
];
const transposes = [[false, false], [true, false], [false, true], [true, true]] as const;

// [batch, channels, spatial]: a conv layer's planes (28² and a ragged 7), a dense layer's features, and more
// channels than one 64-byte block of the simd module's memory holds in float64 (8), so a per-channel float64
// buffer taken at half its size would overrun into the next one.
const batchNormShapes = [[5, 3, 784], [4, 2, 7], [9, 6, 1], [3, 12, 5]] as const;

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

describe.each(cases)('provider $label', ({ name, load }) => {
  let kernels: Kernels;
  const rng = new Rng(20241123);

  it('is selectable by name and reports it', async () => {
    kernels = await load();
    expect(kernels.name).toBe(name);
  });
  afterAll(() => kernels.dispose?.());

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

  it.each(convCases)('conv2d x %j, filter %j, stride %j, padding %j on inputs that are mostly zero (as MNIST pixels): forward with bias + ReLU and the filter gradient', (xShape, [o = 0, kh = 0, kw = 0], stride, padding) => {
    // At most a fifth of x non-zero: the simd provider skips the zeros (assembly/sparse-conv.ts); and x all zero.
    for (const density of [0.2, 0.05, 0]) {
      const x = random(xShape, rng);
      for (let i = 0; i < x.size; i++) if (rng.next() >= density) x.data[i] = 0;
      const w = random([o, xShape[1]!, kh, kw], rng);
      const bias = random([o], rng);
      const g = conv2dGeometry(x.shape, w.shape, stride, padding);
      const dy = random([g.batch, g.outChannels, g.outHeight, g.outWidth], rng);
      const expected = reference.conv2d(x, w, g);
      const plane = g.outHeight * g.outWidth;
      for (let i = 0; i < expected.size; i++) expected.data[i] = Math.max(0, expected.data[i]! + bias.data[Math.floor(i / plane) % o]!);
      const y = kernels.conv2d(x.as('float32'), w.as('float32'), g, undefined, { bias: bias.as('float32'), relu: true });
      expect(relativeError(y, expected), `y at density ${density}`).toBeLessThanOrEqual(1e-4);
      const dw = kernels.conv2dGradFilter(x.as('float32'), dy.as('float32'), g);
      if (density === 0) expect(Array.from(dw.data)).toEqual(new Array(w.size).fill(0));
      else expect(relativeError(dw, reference.conv2dGradFilter(x, dy, g)), `dW at density ${density}`).toBeLessThanOrEqual(1e-4);
    }
  });

  it.each(convCases.slice(3))('conv2dBackward x %j, filter %j with each fused activation, like its definition', (xShape, [o = 0, kh = 0, kw = 0], stride, padding) => {
    const x = random(xShape, rng);
    const w = random([o, xShape[1]!, kh, kw], rng);
    const g = conv2dGeometry(x.shape, w.shape, stride, padding);
    const z = reference.conv2d(x, w, g);
    const dy = random(z.shape as number[], rng);
    for (const fn of [null, 'relu', 'sigmoid', 'tanh', 'leaky-relu'] as const) {
      const y = fn ? activations[fn].forward(z, 0.1) : z;
      // The definition: dz = f'(z) ⊙ dy, db = per-channel sums of dz, then the two gradient kernels.
      const dz = fn ? activations[fn].backward(z, y, dy, 0.1) : dy;
      const db = Tensor.zeros([o], 'float64');
      const plane = g.outHeight * g.outWidth;
      for (let i = 0; i < dz.size; i++) db.data[Math.floor(i / plane) % o]! += dz.data[i]!;
      const gradWeight = new Float32Array(w.size).fill(Number.NaN);
      const gradBias = new Float32Array(o).fill(Number.NaN);
      const activation = fn ? { fn, alpha: 0.1 } : null;
      const dx = kernels.conv2dBackward({
        x: x.as('float32'), w: w.as('float32'), y: y.as('float32'), dy: dy.as('float32'), geometry: g, activation, gradWeight, gradBias,
      })!;
      const what = fn ?? 'no activation';
      expect(relativeError(new Tensor(w.shape, gradWeight), reference.conv2dGradFilter(x, dz, g)), `${what}: dw`).toBeLessThanOrEqual(1e-4);
      expect(relativeError(new Tensor([o], gradBias), db), `${what}: db`).toBeLessThanOrEqual(1e-4);
      expect(relativeError(dx, reference.conv2dGradInput(dz, w, g)), `${what}: dx`).toBeLessThanOrEqual(1e-4);
      const skipped = new Float32Array(w.size);
      const none = kernels.conv2dBackward({
        x: x.as('float32'), w: w.as('float32'), y: y.as('float32'), dy: dy.as('float32'), geometry: g, activation, gradWeight: skipped, gradBias, dx: null,
      });
      expect(none).toBeNull();
      expect(relativeError(new Tensor(w.shape, skipped), new Tensor(w.shape, gradWeight)), `${what}: dw without dx`).toBeLessThanOrEqual(1e-6);
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

  // Dense passes: sizes that are not multiples of the 4-lane vectors, and single rows (the host's path).
  const denseShapes: [number, number, number][] = [[64, 784, 64], [37, 29, 13], [5, 7, 3], [1, 33, 10], [3, 9, 6]];
  const denseActivations = [null, 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax', 'linear'] as const;

  /** Y = f(X·W + B) and dZ, dW, dB, dX by their definition, in float64 on the reference provider. */
  function denseByDefinition(x: Tensor, w: Tensor, b: Tensor, dy: Tensor, fn: (typeof denseActivations)[number]) {
    const z = reference.matmul(x, w);
    const n = w.shape[1]!;
    for (let i = 0; i < z.size; i++) z.data[i]! += b.data[i % n]!;
    const y = fn ? activations[fn].forward(z, 0.1) : z;
    const dz = fn ? activations[fn].backward(z, y, dy, 0.1) : dy;
    const db = Tensor.zeros([n], 'float64');
    for (let i = 0; i < dz.size; i++) db.data[i % n]! += dz.data[i]!;
    return { y, dW: reference.matmul(x, dz, { transA: true }), db, dx: reference.matmul(dz, w, { transB: true }) };
  }

  /** The fused dense forward and backward in float32 against their float64 definition, every output within 1e-4. */
  function expectDenseLikeDefinition(x: Tensor, w: Tensor, b: Tensor, dy: Tensor, fn: (typeof denseActivations)[number]) {
    const [k, n] = w.shape as [number, number];
    const expected = denseByDefinition(x, w, b, dy, fn);
    const activation = fn ? { fn, alpha: 0.1 } : null;
    const [x32, w32, b32, dy32] = [x.as('float32'), w.as('float32'), b.as('float32'), dy.as('float32')];
    const y = kernels.denseForward(x32, w32, b32, activation);
    const gradWeight = new Float32Array(k * n).fill(Number.NaN);
    const gradBias = new Float32Array(n).fill(Number.NaN);
    const dx = kernels.denseBackward({ x: x32, w: w32, y, dy: dy32, activation, gradWeight, gradBias })!;
    const what = `${fn ?? 'no activation'}`;
    expect(y.dtype, what).toBe('float32');
    expect(relativeError(y, expected.y), `${what}: Y`).toBeLessThanOrEqual(1e-4);
    expect(relativeError(new Tensor([k, n], gradWeight), expected.dW), `${what}: dW`).toBeLessThanOrEqual(1e-4);
    expect(relativeError(new Tensor([n], gradBias), expected.db), `${what}: dB`).toBeLessThanOrEqual(1e-4);
    expect(relativeError(dx, expected.dx), `${what}: dX`).toBeLessThanOrEqual(1e-4);
  }

  it.each(denseShapes)('denseForward and denseBackward %i×%i·%i with each fused activation, like their definition', (m, k, n) => {
    for (const fn of denseActivations) {
      // Pre-activations of either sign up to |z| ≈ 10, so σ and tanh are tested on their tails and near 0.
      const x = random([m, k], rng);
      const w = random([k, n], rng);
      for (let i = 0; i < w.size; i++) w.data[i]! *= 3 / Math.sqrt(k);
      expectDenseLikeDefinition(x, w, random([n], rng), random([m, n], rng), fn);
    }
  });

  it.each([[64, 784, 64], [37, 29, 13]])('denseForward and denseBackward %i×%i·%i on inputs that are mostly zero (as MNIST pixels), like their definition', (m, k, n) => {
    // Four in five values zero, as in images: the simd provider skips them (assembly/sparse.ts).
    for (const fn of ['sigmoid', 'relu', null] as const) {
      const x = random([m, k], rng);
      for (let i = 0; i < x.size; i++) if (rng.next() < 0.8) x.data[i] = 0;
      expectDenseLikeDefinition(x, random([k, n], rng), random([n], rng), random([m, n], rng), fn);
    }
  });

  it('denseForward computes σ and tanh to float32 accuracy at every value, tails and zero included', () => {
    // One row of pre-activations from −90 to 90 (past where e^x leaves float32) with an identity weight.
    const values = [-90, -40, -20, -9, -3, -1, -0.7, -0.625, -0.3, -1e-3, -1e-7, 0, 1e-7, 1e-3, 0.3, 0.625, 0.7, 1, 3, 9, 20, 40, 90];
    const m = 8;
    const k = values.length;
    const x = Tensor.from([m, k], Array.from({ length: m * k }, (_, i) => values[i % k]!), 'float32');
    const identity = Tensor.zeros([k, k]);
    for (let i = 0; i < k; i++) identity.data[i * k + i] = 1;
    const bias = Tensor.zeros([k]);
    for (const [fn, exact] of [['sigmoid', (v: number) => 1 / (1 + Math.exp(-v))], ['tanh', Math.tanh]] as const) {
      const y = kernels.denseForward(x, identity, bias, { fn, alpha: 0 });
      for (let i = 0; i < y.size; i++) {
        const want = exact(values[i % k]!);
        // Within 4 float32 ulps of the exact value, or below 1e-37 where the exact value is tinier still.
        const ulp = Math.max(Math.abs(want), 1.2e-38) * 2 ** -23;
        expect(Math.abs(y.data[i]! - want), `${fn}(${values[i % k]})`).toBeLessThanOrEqual(Math.abs(want) < 1e-37 ? 1e-37 : 4 * ulp);
      }
    }
  });

  it('denseBackward writes into the buffers it is given, skips dX when asked, and names wrong sizes', () => {
    const [m, k, n] = [6, 10, 5];
    const x = random([m, k], rng).as('float32');
    const w = random([k, n], rng).as('float32');
    const b = random([n], rng).as('float32');
    const dy = random([m, n], rng).as('float32');
    const activation = { fn: 'tanh', alpha: 0 } as const;
    const out = new Float32Array(m * n).fill(Number.NaN);
    const y = kernels.denseForward(x, w, b, activation, out);
    expect(y.data).toBe(out);
    const [gradWeight, gradBias, dxBuffer] = [new Float32Array(k * n), new Float32Array(n), new Float32Array(m * k).fill(Number.NaN)];
    const fresh = kernels.denseBackward({ x, w, y, dy, activation, gradWeight: new Float32Array(k * n), gradBias: new Float32Array(n) })!;
    const dx = kernels.denseBackward({ x, w, y, dy, activation, gradWeight, gradBias, dx: dxBuffer })!;
    expect(dx.data).toBe(dxBuffer);
    expect(relativeError(dx, fresh)).toBeLessThanOrEqual(1e-6);
    const withoutDx = new Float32Array(k * n);
    expect(kernels.denseBackward({ x, w, y, dy, activation, gradWeight: withoutDx, gradBias, dx: null })).toBeNull();
    expect(relativeError(new Tensor([k, n], withoutDx), new Tensor([k, n], gradWeight))).toBeLessThanOrEqual(1e-6);
    expect(() => kernels.denseForward(x, w, Tensor.zeros([n + 1], 'float32'), null)).toThrow(/bias holds 6 values .* 5 columns/);
    expect(() => kernels.denseBackward({ x, w, y, dy, activation, gradWeight: new Float32Array(3), gradBias })).toThrow(/holds 3 float32 values/);
  });

  it('optimizer updates it runs itself (SGD, Adam) match the optimizers\' own formulas', () => {
    const count = 1001;
    const theta = random([count], rng).as('float32');
    const grad = random([count], rng).as('float32');
    // Only simd runs the updates itself; elsewhere the rules' own loops run (core/optim's tests).
    if (kernels.name !== 'simd') expect([kernels.sgdUpdate, kernels.adamUpdate]).toEqual([undefined, undefined]);
    if (kernels.sgdUpdate) {
      const expected = theta.clone();
      sgdRule.apply(expected.data, grad.data, {}, 0.1, 1);
      const actual = theta.clone().data as Float32Array;
      kernels.sgdUpdate(actual, grad.data as Float32Array, 0.1);
      expect(relativeError(new Tensor([count], actual), expected)).toBeLessThanOrEqual(1e-6);
    }
    if (kernels.adamUpdate) {
      const rule = adamRule(0.9, 0.999, 1e-8);
      const expected = { theta: theta.clone(), m: random([count], rng).as('float32'), v: random([count], rng).as('float32') };
      for (let i = 0; i < count; i++) expected.v.data[i] = Math.abs(expected.v.data[i]!);
      const actual = { theta: expected.theta.clone(), m: expected.m.clone(), v: expected.v.clone() };
      for (const t of [1, 2, 50]) {
        rule.apply(expected.theta.data, grad.data, { m: expected.m.data, v: expected.v.data }, 1e-3, t);
        expect(rule.applyWith!(kernels, actual.theta.data, grad.data, { m: actual.m.data, v: actual.v.data }, 1e-3, t)).toBe(true);
      }
      for (const key of ['theta', 'm', 'v'] as const) {
        expect(relativeError(actual[key], expected[key]), key).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('2×2 max pooling it runs itself picks the first maximum of each window, ties included, and scatters dy back', () => {
    if (!kernels.maxPool2x2 || !kernels.maxPoolBackward) {
      // Only simd runs pooling itself; elsewhere the layer's own loop runs (pool.test.ts, fast-paths.test.ts).
      expect(kernels.name).not.toBe('simd');
      return;
    }
    for (const [planes, height, width] of [[6, 28, 28], [3, 7, 9], [2, 10, 10]] as const) {
      const [outHeight, outWidth] = [Math.floor(height / 2), Math.floor(width / 2)];
      // Values from a few levels only, so many windows hold ties (and zeros, as after a ReLU).
      const x = Float32Array.from({ length: planes * height * width }, () => Math.floor(rng.next() * 4) - 1);
      const y = new Float32Array(planes * outHeight * outWidth);
      const argmax = new Int32Array(y.length);
      kernels.maxPool2x2(x, y, argmax, planes, height, width, outHeight, outWidth);
      const dy = Float32Array.from(y, () => rng.normal());
      const dx = new Float32Array(x.length).fill(Number.NaN);
      kernels.maxPoolBackward(dy, argmax, dx);
      const expectedDx = new Float32Array(x.length);
      let k = 0;
      for (let p = 0; p < planes; p++) {
        for (let i = 0; i < outHeight; i++) {
          for (let j = 0; j < outWidth; j++, k++) {
            // By definition: scan the window row by row, keep the first strictly larger value.
            let best = (p * height + 2 * i) * width + 2 * j;
            for (const [u, v] of [[0, 1], [1, 0], [1, 1]] as const) {
              const at = (p * height + 2 * i + u) * width + 2 * j + v;
              if (x[at]! > x[best]!) best = at;
            }
            expect(argmax[k], `plane ${p}, window ${i},${j}`).toBe(best);
            expect(y[k]).toBe(x[best]);
            expectedDx[best]! += dy[k]!;
          }
        }
      }
      expect(Array.from(dx)).toEqual(Array.from(expectedDx));
    }
  });

  it('batch normalisation it runs itself matches the formulas in training and in test, dense and spatial, tails included', () => {
    if (!kernels.batchNormForward || !kernels.batchNormBackward) {
      // Only simd runs batch normalisation itself; elsewhere the layer runs the definition (batchnorm.test.ts).
      expect(kernels.name).not.toBe('simd');
      return;
    }
    for (const [batch, channels, spatial] of batchNormShapes) {
      const size = batch * channels * spatial;
      // A large offset and a small spread per channel: x − μ cancels badly if it were taken in float32.
      const x = Float32Array.from({ length: size }, (_, i) => 300 + 50 * (Math.floor(i / spatial) % channels) + 0.01 * rng.normal());
      const dy = Float32Array.from({ length: size }, () => rng.normal());
      const gamma = Float32Array.from({ length: channels }, () => 0.5 + rng.next());
      const beta = Float32Array.from({ length: channels }, () => rng.normal());
      const values = (data: Float32Array, c: number) => Array.from({ length: batch * spatial }, (_, j) => data[(Math.floor(j / spatial) * channels + c) * spatial + (j % spatial)]!);
      for (const training of [true, false]) {
        const running = { mean: Float64Array.from({ length: channels }, (_, c) => 300 + 50 * c + 0.003), variance: Float64Array.from({ length: channels }, () => 2e-4) };
        const pass = {
          x, xhat: new Float32Array(size), y: new Float32Array(size), gamma, beta, batch, channels, spatial, training, epsilon: 1e-5,
          mean: Float64Array.from(running.mean), variance: Float64Array.from(running.variance), inverseStd: new Float64Array(channels),
        };
        kernels.batchNormForward(pass);
        const back = {
          dy, xhat: pass.xhat, gamma, inverseStd: pass.inverseStd, training, batch, channels, spatial,
          dx: new Float32Array(size).fill(Number.NaN), gradGamma: new Float32Array(channels), gradBeta: new Float32Array(channels),
        };
        kernels.batchNormBackward(back);
        for (let c = 0; c < channels; c++) {
          const xs = values(x, c);
          const count = xs.length;
          const mean = training ? xs.reduce((a, v) => a + v, 0) / count : running.mean[c]!;
          const variance = training ? xs.reduce((a, v) => a + (v - mean) ** 2, 0) / count : running.variance[c]!;
          const inverse = 1 / Math.sqrt(variance + 1e-5);
          const label = `${batch}×${channels}×${spatial}, ${training ? 'training' : 'test'}, channel ${c}`;
          expect(pass.mean[c]! / mean - 1, label).toBeCloseTo(0, 12);
          expect(pass.variance[c]! / variance - 1, label).toBeCloseTo(0, 9);
          expect(pass.inverseStd[c]! / inverse - 1, label).toBeCloseTo(0, 9);
          const xhat = xs.map((v) => (v - mean) * inverse);
          const dys = values(dy, c);
          const dBeta = dys.reduce((a, v) => a + v, 0);
          const dGamma = dys.reduce((a, v, j) => a + v * Math.fround(xhat[j]!), 0);
          expect(back.gradBeta[c]).toBeCloseTo(dBeta, 3);
          expect(back.gradGamma[c]).toBeCloseTo(dGamma, 3);
          const dx = dys.map((d, j) => (training
            ? ((gamma[c]! * inverse) / count) * (count * d - dBeta - Math.fround(xhat[j]!) * dGamma)
            : gamma[c]! * inverse * d));
          const [gotXhat, gotY, gotDx] = [values(pass.xhat, c), values(pass.y, c), values(back.dx, c)];
          const worst = (got: number[], want: number[]) => Math.max(...got.map((v, j) => Math.abs(v - want[j]!))) / Math.max(1, ...want.map(Math.abs));
          expect(worst(gotXhat, xhat), `x̂, ${label}`).toBeLessThanOrEqual(1e-6);
          expect(worst(gotY, xhat.map((h) => gamma[c]! * h + beta[c]!)), `y, ${label}`).toBeLessThanOrEqual(1e-6);
          expect(worst(gotDx, dx), `dx, ${label}`).toBeLessThanOrEqual(1e-5);
        }
      }
    }
    const wrong = { dy: new Float32Array(4), xhat: new Float32Array(3), gamma: new Float32Array(1), inverseStd: new Float64Array(1), training: true, batch: 1, channels: 1, spatial: 4, dx: new Float32Array(4), gradGamma: new Float32Array(1), gradBeta: new Float32Array(1) };
    expect(() => kernels.batchNormBackward!(wrong)).toThrow(/xhat holds 3 values, but 1×1×4 = 4/);
  });

  it('batch normalisation\'s passes as run (the entries it has, the loops otherwise) match the definition\'s loops: statistics alone, gradient sums, dx from given coefficients, and backward as their composition', () => {
    const passes = batchNormPasses(kernels);
    for (const [batch, channels, spatial] of batchNormShapes) {
      const size = batch * channels * spatial;
      const label = `${batch}×${channels}×${spatial}`;
      const x = Float32Array.from({ length: size }, (_, i) => 300 + 50 * (Math.floor(i / spatial) % channels) + 0.01 * rng.normal());
      const statistics = (run: (pass: BatchNormStatisticsPass) => void) => {
        const pass = { x, batch, channels, spatial, mean: new Float64Array(channels).fill(Number.NaN), variance: new Float64Array(channels).fill(Number.NaN) };
        run(pass);
        return pass;
      };
      const [got, want] = [statistics(passes.statistics), statistics(batchNormStatisticsLoops)];
      for (let c = 0; c < channels; c++) {
        expect(got.mean[c]! / want.mean[c]! - 1, `μ, ${label}, channel ${c}`).toBeCloseTo(0, 12);
        expect(got.variance[c]! / want.variance[c]! - 1, `σ², ${label}, channel ${c}`).toBeCloseTo(0, 9);
      }
      const xhat = Float32Array.from({ length: size }, () => rng.normal());
      const dy = Float32Array.from({ length: size }, () => rng.normal());
      const backward = () => ({
        dy, xhat, gamma: Float32Array.from({ length: channels }, (_, c) => 0.5 + c / channels), inverseStd: Float64Array.from({ length: channels }, (_, c) => 2 + c),
        training: true, batch, channels, spatial, dx: new Float32Array(size).fill(Number.NaN), gradGamma: new Float32Array(channels), gradBeta: new Float32Array(channels),
      });
      const [runSums, loopSums] = [new Float64Array(2 * channels), new Float64Array(2 * channels)];
      const [run, loops] = [backward(), backward()];
      passes.gradientSums(run, runSums);
      batchNormGradientSumsLoops(loops, loopSums);
      // Float64 sums of the same exact products in another order: within a few units of 2⁻⁵³ of Σ|term|.
      const scale = dy.reduce((a, v, i) => a + Math.abs(v) * (1 + Math.abs(xhat[i]!)), 0);
      for (let i = 0; i < 2 * channels; i++) expect(Math.abs(runSums[i]! - loopSums[i]!), `sum ${i}, ${label}`).toBeLessThanOrEqual(1e-14 * scale);
      for (let c = 0; c < channels; c++) {
        expect(run.gradBeta[c], `dβ, ${label}`).toBe(Math.fround(runSums[c]!));
        expect(run.gradGamma[c], `dγ, ${label}`).toBe(Math.fround(runSums[channels + c]!));
      }
      // Any coefficients, both kinds: the same float64 operations on each value, rounded once, so bit for bit.
      const coefficients = Float64Array.from({ length: 4 * channels }, () => rng.normal());
      passes.inputGradient(run, coefficients);
      batchNormInputGradientLoops(loops, coefficients);
      expect(Array.from(run.dx), `dx, ${label}`).toEqual(Array.from(loops.dx));
      for (const training of [true, false]) {
        const [composed, defined] = [{ ...backward(), training }, { ...backward(), training }];
        passes.backward(composed);
        batchNormBackwardLoops(defined);
        const worst = Math.max(...Array.from(composed.dx, (v, i) => Math.abs(v - defined.dx[i]!))) / Math.max(...Array.from(defined.dx, Math.abs));
        expect(worst, `backward dx, ${label}, ${training ? 'training' : 'test'}`).toBeLessThanOrEqual(1e-6);
      }
    }
    // Short sums or coefficients are refused on every path (the provider's entries, the loops on float32 and on float64).
    const wrong = { dy: new Float32Array(4), xhat: new Float32Array(4), gamma: new Float32Array(2), inverseStd: new Float64Array(2), training: true, batch: 1, channels: 2, spatial: 2, dx: new Float32Array(4), gradGamma: new Float32Array(2), gradBeta: new Float32Array(2) };
    const wrong64 = { ...wrong, dy: new Float64Array(4), xhat: new Float64Array(4), gamma: new Float64Array(2), dx: new Float64Array(4), gradGamma: new Float64Array(2), gradBeta: new Float64Array(2) };
    for (const pass of [wrong, wrong64]) {
      expect(() => passes.gradientSums(pass, new Float64Array(2))).toThrow(/batchNormGradientSums: sums holds 2 values, but 2 per channel × 2 channels = 4/);
      expect(() => passes.inputGradient(pass, new Float64Array(4))).toThrow(/batchNormInputGradient: coefficients holds 4 values, but 4 per channel × 2 channels = 8/);
    }
    if (kernels.batchNormGradientSums) {
      expect(() => kernels.batchNormGradientSums!(wrong, new Float64Array(2))).toThrow(/sums holds 2 values, but 2 per channel × 2 channels = 4/);
      expect(() => kernels.batchNormInputGradient!(wrong, new Float64Array(4))).toThrow(/coefficients holds 4 values, but 4 per channel × 2 channels = 8/);
      expect(() => kernels.batchNormStatistics!({ x: new Float32Array(3), batch: 1, channels: 2, spatial: 2, mean: new Float64Array(2), variance: new Float64Array(2) })).toThrow(/x holds 3 values, but 1×2×2 = 4/);
    }
  });

  it('ReLU it runs itself is bit for bit relu32.ts: −0, ±∞, NaN of either sign and a ragged tail included', () => {
    if (!kernels.reluForward || !kernels.reluBackward) {
      // Only simd runs ReLU itself; elsewhere the layer runs relu32.ts (activation.test.ts).
      expect(kernels.name).not.toBe('simd');
      return;
    }
    const specials = [0, -0, Infinity, -Infinity, Number.NaN, 1e-45, -1e-45, 3.5, -3.5];
    const z = Float32Array.from({ length: 1003 }, (_, i) => (i < specials.length ? specials[i]! : rng.normal()));
    // A NaN with its sign bit set (the definition maps it to +0, a NaN with it clear stays NaN).
    new Uint32Array(z.buffer)[specials.length] = 0xffc00000;
    const y = new Float32Array(z.length).fill(7);
    kernels.reluForward(z, y);
    const dy = Float32Array.from(z, () => rng.normal());
    const dz = new Float32Array(z.length).fill(7);
    kernels.reluBackward(y, dy, dz);
    // By definition: max(0, z) with −0 → +0 and the forward's NaN rule; dz = dy where y > +0, else +0.
    const bits = (v: Float32Array) => Array.from(new Uint32Array(v.buffer));
    const yExpected = Float32Array.from(z, (v, i) => (Number.isNaN(v) ? (new Uint32Array(z.buffer)[i]! >>> 31 ? 0 : v) : v > 0 ? v : 0));
    expect(bits(y)).toEqual(bits(yExpected));
    // y > +0 read on its int32 bits, as the definition does: a NaN with its sign bit clear passes dy.
    const positive = new Int32Array(yExpected.buffer);
    expect(bits(dz)).toEqual(bits(Float32Array.from(dy, (d, i) => (positive[i]! > 0 ? d : 0))));
    expect(() => kernels.reluBackward!(y, dy, new Float32Array(3))).toThrow(/y holds 1003 values, dy 1003 and dz 3/);
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

  it('covers the optimizer updates: simd runs SGD and Adam itself', async () => {
    const simd = await selectKernels('simd');
    expect(simd.sgdUpdate).toBeTypeOf('function');
    expect(simd.adamUpdate).toBeTypeOf('function');
    expect(simd.maxPool2x2).toBeTypeOf('function');
    for (const entry of ['batchNormForward', 'batchNormStatistics', 'batchNormBackward', 'batchNormGradientSums', 'batchNormInputGradient'] as const) expect(simd[entry], entry).toBeTypeOf('function');
    expect(simd.reluForward).toBeTypeOf('function');
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
