/**
 * The zero-skipping convolution kernels of the `simd` module (assembly/sparse-conv.ts), called directly
 * so that they are tested whatever share of zeros the provider's choice would send to them:
 *  - a few non-zero pixels whose outputs and filter gradient are single products or short sums written
 *    out by hand (a corner pixel under padding, one reaching outputs through a stride);
 *  - bit for bit the dense kernels (conv2d, conv2dGradFilter over the column matrix and the GEMM) on
 *    random inputs at several densities, channel counts, paddings, strides and batch sizes, an all-zero
 *    input and inputs without zeros, in the plain build and the fused multiply-add build; where the
 *    column depth C·kh·kw passes the GEMM's 256-deep blocks the forward pass is only within float32
 *    rounding of the float64 definition (the file's header says why), which is asserted instead.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import { conv2dGeometry, type Conv2dGeometry } from '../kernels.js';
import { createReferenceKernels } from '../reference.js';
import { relativeError } from '../../testing/tensors.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, relaxedSimdAvailable, type KernelBuild } from './module.js';
import { geometryInts } from './conv-geometry.js';

const rng = new Rng(2718);
const reference = createReferenceKernels();

async function kernelsOf(build: KernelBuild) {
  const own = createKernelMemory(build);
  const wasm = await instantiateKernels(await compileKernels(build), own);
  return { wasm, memory: new KernelMemory(own, wasm.gemmScratchBytes(), 1) };
}

// relaxedSimdAvailable sets V8's flag where Node needs it, before the fused build is compiled.
const builds: KernelBuild[] = relaxedSimdAvailable() ? ['single', 'single-fma'] : ['single'];
const loaded = Object.fromEntries(await Promise.all(builds.map(async (build) => [build, await kernelsOf(build)] as const)));


interface Run {
  y: Float32Array;
  dw: Float32Array;
}

/**
 * conv2d (with bias + ReLU when given) and the filter gradient of dy, by the dense kernels and by the
 * zero-skipping ones, each on a fresh layout whose outputs start as NaN (so nothing stale can pass).
 */
function run(build: KernelBuild, x: Float32Array, w: Float32Array, dy: Float32Array, g: Conv2dGeometry, bias?: Float32Array, relu = false): { dense: Run; sparse: Run } {
  const { wasm, memory } = loaded[build]!;
  const depth = g.inChannels * g.kernelHeight * g.kernelWidth;
  const plane = g.outHeight * g.outWidth;
  memory.reserveRegions(Math.max(depth * plane, wasm.sparseConvScratchFloats(g.inChannels, g.inHeight, g.inWidth, g.outChannels, depth, plane)));
  const result = (sparse: boolean): Run => {
    memory.begin();
    const [geometry, xAt, wAt, dyAt, yAt, dwAt, biasAt] = [16, x.length, w.length, dy.length, dy.length, w.length, g.outChannels].map((n) => memory.take(n));
    memory.commit();
    memory.writeInts(geometry!, geometryInts(g));
    memory.write(xAt!, x);
    memory.write(wAt!, w);
    memory.write(dyAt!, dy);
    if (bias) memory.write(biasAt!, bias);
    memory.view(yAt!, dy.length).fill(Number.NaN);
    memory.view(dwAt!, w.length).fill(Number.NaN);
    // The scratch's old contents must not leak in either.
    memory.view(memory.column(0), depth * plane).fill(Number.NaN);
    const forward = sparse ? wasm.sparseConv2d : wasm.conv2d;
    const filter = sparse ? wasm.sparseConv2dGradFilter : wasm.conv2dGradFilter;
    forward(xAt!, wAt!, yAt!, geometry!, 0, g.batch, bias ? biasAt! : 0, relu ? 1 : 0, memory.column(0), memory.scratch(0));
    filter(xAt!, dyAt!, dwAt!, geometry!, 0, g.batch, memory.column(0), memory.scratch(0));
    return { y: memory.view(yAt!, dy.length).slice(), dw: memory.view(dwAt!, w.length).slice() };
  };
  return { dense: result(false), sparse: result(true) };
}

const normal = (count: number) => Float32Array.from({ length: count }, () => rng.normal());

/** x with about `density` of its values non-zero (values of either sign, some large). */
function sparseInput(count: number, density: number): Float32Array {
  return Float32Array.from({ length: count }, () => (rng.next() < density ? rng.normal() * (rng.next() < 0.1 ? 100 : 1) : 0));
}

const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));

describe.each(builds)('simd zero-skipping convolution (%s build)', (build) => {
  it('a single pixel at the corner under padding 2 reaches the 3×3 outputs its taps allow, each its value times one tap', () => {
    // LeNet-5's conv1: 1 → 6 channels, 28×28, 5×5, padding 2. x[0, 0, 0] = v: output (ro, so) takes tap
    // (i, j) = (2 − ro, 2 − so), for ro, so ≤ 2; every other output is 0. dW[o, 0, i, j] = v · dy[o, 2 − i, 2 − j].
    const g = conv2dGeometry([1, 1, 28, 28], [6, 1, 5, 5], 1, 2);
    const x = new Float32Array(28 * 28);
    const v = 0.7;
    x[0] = v;
    const w = normal(6 * 25);
    const dy = normal(6 * 28 * 28);
    const { sparse } = run(build, x, w, dy, g);
    for (let o = 0; o < 6; o++) {
      for (let ro = 0; ro < 28; ro++) {
        for (let so = 0; so < 28; so++) {
          const expected = ro <= 2 && so <= 2 ? Math.fround(Math.fround(v) * w[o * 25 + (2 - ro) * 5 + (2 - so)]!) : 0;
          expect(sparse.y[(o * 28 + ro) * 28 + so], `y[${o}, ${ro}, ${so}]`).toBe(expected);
        }
      }
      for (let i = 0; i < 5; i++) {
        for (let j = 0; j < 5; j++) {
          const expected = i <= 2 && j <= 2 ? Math.fround(Math.fround(v) * dy[(o * 28 + 2 - i) * 28 + 2 - j]!) : 0;
          expect(sparse.dw[o * 25 + i * 5 + j], `dw[${o}, 0, ${i}, ${j}]`).toBe(expected);
        }
      }
    }
  });

  it('two pixels through a stride of 2: the outputs they share add both products, the ones they miss keep the bias', () => {
    // 1 → 2 channels, 5×5 input, 3×3 filter, stride 2, no padding: outputs 2×2, output (ro, so) reads
    // rows 2ro..2ro+2, columns 2so..2so+2. x[2, 2] = 1 is in all four windows (tap (2 − 2ro, 2 − 2so));
    // x[0, 1] = 2 only in window (0, 0) (tap (0, 1)). Bias 0.5, no ReLU.
    const g = conv2dGeometry([1, 1, 5, 5], [2, 1, 3, 3], 2, 0);
    const x = new Float32Array(25);
    x[2 * 5 + 2] = 1;
    x[1] = 2;
    const w = Float32Array.from({ length: 18 }, (_, i) => i + 1);
    const dy = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const bias = Float32Array.from([0.5, -0.5]);
    const { sparse } = run(build, x, w, dy, g, bias);
    const tap = (o: number, i: number, j: number) => w[o * 9 + i * 3 + j]!;
    const expectedY: number[] = [];
    for (let o = 0; o < 2; o++) {
      for (let ro = 0; ro < 2; ro++) {
        for (let so = 0; so < 2; so++) {
          const shared = tap(o, 2 - 2 * ro, 2 - 2 * so);
          expectedY.push((ro === 0 && so === 0 ? 2 * tap(o, 0, 1) + shared : shared) + bias[o]!);
        }
      }
    }
    expect(Array.from(sparse.y)).toEqual(expectedY);
    // dW[o, i, j] = Σ over the two pixels of x · dy[o] at the output that tap (i, j) takes it to.
    const expectedDw = new Array(18).fill(0);
    for (let o = 0; o < 2; o++) {
      for (let ro = 0; ro < 2; ro++) for (let so = 0; so < 2; so++) expectedDw[o * 9 + (2 - 2 * ro) * 3 + (2 - 2 * so)] += dy[o * 4 + ro * 2 + so]!;
      expectedDw[o * 9 + 1] += 2 * dy[o * 4]!;
    }
    expect(Array.from(sparse.dw)).toEqual(expectedDw);
  });

  it('an all-zero input gives the bias (through ReLU) at every output and a zero filter gradient', () => {
    const g = conv2dGeometry([3, 2, 9, 9], [5, 2, 3, 3], 1, 1);
    const bias = Float32Array.from([0.25, -1, 3, 0, -0.5]);
    const { sparse } = run(build, new Float32Array(3 * 2 * 81), normal(5 * 18), normal(3 * 5 * 81), g, bias, true);
    sparse.y.forEach((value, i) => expect(value).toBe(Math.max(0, bias[Math.floor(i / 81) % 5]!)));
    expect(Array.from(sparse.dw)).toEqual(new Array(5 * 18).fill(0));
  });

  // [N, C, H, W], [O, kh, kw], stride, padding: LeNet-5's conv1 and cnn-best's (1 → 16), channel counts
  // that are not multiples of the 8 lanes, several input channels, strides, a 1×1 filter, a single sample.
  const geometries: [number[], number[], number, number][] = [
    [[4, 1, 28, 28], [6, 5, 5], 1, 2],
    [[3, 1, 28, 28], [16, 3, 3], 1, 1],
    [[2, 3, 11, 13], [9, 3, 3], 2, 1],
    [[1, 2, 10, 10], [1, 4, 4], 3, 2],
    [[5, 4, 7, 6], [13, 1, 1], 1, 0],
    [[2, 6, 14, 14], [16, 5, 5], 1, 0],
  ];
  const densities = [0, 0.03, 0.2, 0.5, 1];

  it.each(geometries)('x %j, filters %j, stride %i, padding %i: bit for bit the dense kernels at every density', (xShape, filter, stride, padding) => {
    const [n, c] = xShape as [number, number, number, number];
    const [o, kh, kw] = filter as [number, number, number];
    const g = conv2dGeometry(xShape, [o, c, kh, kw], stride, padding);
    const plane = g.outHeight * g.outWidth;
    const size = n * c * g.inHeight * g.inWidth;
    const bias = normal(o);
    for (const density of densities) {
      const x = sparseInput(size, density);
      const w = normal(o * c * kh * kw);
      const dy = normal(n * o * plane);
      for (const relu of [false, true]) {
        const { dense, sparse } = run(build, x, w, dy, g, relu ? bias : undefined, relu);
        expect(bits(sparse.y), `y at density ${density}, relu ${relu}`).toEqual(bits(dense.y));
        expect(bits(sparse.dw), `dw at density ${density}`).toEqual(bits(dense.dw));
      }
    }
  });

  it('past 256 column rows (C·kh·kw = 288) the forward pass is within float32 rounding of the definition, the filter gradient still bit for bit', () => {
    const g = conv2dGeometry([2, 32, 6, 6], [7, 32, 3, 3], 1, 1);
    const x = sparseInput(2 * 32 * 36, 0.2);
    const w = normal(7 * 32 * 9);
    const dy = normal(2 * 7 * 36);
    const { dense, sparse } = run(build, x, w, dy, g);
    const expected = reference.conv2d(new Tensor([2, 32, 6, 6], Float64Array.from(x)), new Tensor([7, 32, 3, 3], Float64Array.from(w)), g);
    expect(relativeError(new Tensor(expected.shape, sparse.y), expected)).toBeLessThanOrEqual(1e-5);
    expect(bits(sparse.dw)).toEqual(bits(dense.dw));
  });
});
