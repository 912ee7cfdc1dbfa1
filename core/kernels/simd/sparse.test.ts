/**
 * The zero-skipping products of the `simd` module (assembly/sparse.ts), called directly so that they are
 * tested whatever share of zeros the provider's choice would send to them: Y = X·W and dW = Xᵀ·dZ
 * against the same products in float64 over every entry, within the conformance suite's 1e-4 relative
 * error; X with ~80% zeros (as MNIST pixels), an all-zero row and column, a row with no zero, and sizes
 * that are not multiples of the 24- and 16-column blocks, the 4 lanes or the 128-row blocks of W, and every
 * pattern of zeros in a group of four values (each group is compacted by its own shuffle); one gather
 * serving both products, and the bit comparison that decides whether a kept gather still fits X. On both builds
 * with a memory of their own: the plain one and the relaxed-SIMD one (fused multiply-adds).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, relaxedSimdAvailable, type KernelBuild } from './module.js';
import { relativeError } from '../../testing/tensors.js';

/** Both single-memory builds; Node validates relaxed SIMD once the probe has set V8's flag (fma.test.ts checks that it does). */
relaxedSimdAvailable();
const builds = await Promise.all((['single', 'single-fma'] as KernelBuild[]).map(async (build) => {
  const own = createKernelMemory(build);
  const wasm = await instantiateKernels(await compileKernels(build), own);
  return { build, wasm, memory: new KernelMemory(own, wasm.gemmScratchBytes(), 1) };
}));
const rng = new Rng(515);

/** X [m, k] with about `density` of its values non-zero; row 1 and column 2 all zero, the last row without a zero. */
function sparseInput(m: number, k: number, density: number): Float64Array {
  const x = new Float64Array(m * k);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      if (i === m - 1) x[i * k + p] = 0.5 + rng.next();
      else if (i !== 1 && p !== 2 && rng.next() < density) x[i * k + p] = rng.normal();
    }
  }
  return x;
}

/** C [m, n] = op(A)·B in float64, op(A)[i, p] = A[i·rsA + p·csA], B [k, n]. */
function product(m: number, n: number, k: number, a: ArrayLike<number>, rsA: number, csA: number, b: ArrayLike<number>): Tensor {
  const c = Tensor.zeros([m, n], 'float64');
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const v = a[i * rsA + p * csA]!;
      for (let j = 0; j < n; j++) c.data[i * n + j]! += v * b[p * n + j]!;
    }
  }
  return c;
}

const normal = (count: number) => Float64Array.from({ length: count }, () => rng.normal());

/** Lays out X, a dense operand and the result in the module; returns their offsets and the scratch. */
function layout({ wasm, memory }: (typeof builds)[number], x: Float64Array, dense: Float64Array, resultFloats: number, m: number, k: number) {
  memory.begin();
  const [xAt, denseAt, outAt, scratchAt] = [memory.take(x.length), memory.take(dense.length), memory.take(resultFloats), memory.take(wasm.sparseScratchFloats(m, k))];
  memory.commit();
  memory.write(xAt, x);
  memory.write(denseAt, dense);
  // The result's old contents must not leak into it: NaN everywhere first.
  memory.view(outAt, resultFloats).fill(Number.NaN);
  return { xAt, denseAt, outAt, scratchAt };
}

describe.each(builds)('simd zero-skipping products ($build build)', (built) => {
  const { wasm, memory } = built;
  // [m, k, n]: the W1 first layer (24 + 24 + 16 columns), one 16-column block, 24 + 16, column tails of
  // 4-lane and single columns, k past one 128-row block.
  const shapes: [number, number, number][] = [[64, 784, 64], [6, 50, 16], [7, 140, 40], [5, 300, 70], [9, 130, 33], [3, 7, 3], [17, 257, 38]];

  it.each(shapes)('Y = X·W for X %i×%i with four in five values zero and W of %i columns, like the float64 product', (m, k, n) => {
    const x = sparseInput(m, k, 0.2);
    const w = normal(k * n);
    const { xAt, denseAt, outAt, scratchAt } = layout(built, x, w, m * n, m, k);
    wasm.sparseRowsTimesDense(m, n, k, xAt, denseAt, outAt, scratchAt);
    const y = new Tensor([m, n], memory.view(outAt, m * n).slice());
    expect(relativeError(y, product(m, n, k, x, k, 1, w))).toBeLessThanOrEqual(1e-4);
    // Row 1 of X is all zero: its row of Y is exactly zero.
    expect(Array.from(y.data.subarray(n, 2 * n))).toEqual(new Array(n).fill(0));
  });

  it.each(shapes)('dW = Xᵀ·dZ for X %i×%i with four in five values zero and dZ of %i columns, like the float64 product', (m, k, n) => {
    const x = sparseInput(m, k, 0.2);
    const dz = normal(m * n);
    const { xAt, denseAt, outAt, scratchAt } = layout(built, x, dz, k * n, m, k);
    wasm.sparseColumnsTimesDense(m, n, k, xAt, denseAt, outAt, scratchAt);
    const dw = new Tensor([k, n], memory.view(outAt, k * n).slice());
    expect(relativeError(dw, product(k, n, m, x, 1, k, dz))).toBeLessThanOrEqual(1e-4);
    // Column 2 of X is zero in every row but the last: dW's row 2 is that row's value times dZ's last row.
    const last = x[(m - 1) * k + 2]!;
    for (let j = 0; j < n; j++) expect(dw.data[2 * n + j]).toBeCloseTo(last * dz[(m - 1) * n + j]!, 4);
  });

  it('keeps every pattern of non-zeros in a group of four, in order, in both products', () => {
    // Row i's 16 groups of four: group g has a non-zero in lane l where bit l of (g + i) mod 16 is set,
    // so each row holds all 16 patterns at shifted places; then a tail of 3 values past the last group.
    const [m, k, n] = [5, 67, 40];
    const x = new Float64Array(m * k);
    for (let i = 0; i < m; i++) {
      for (let p = 0; p < 64; p++) if ((((p >> 2) + i) % 16 >> (p & 3)) & 1) x[i * k + p] = 1 + i + p / 100;
      x[i * k + 64 + (i % 3)] = -2 - i;
    }
    const w = normal(k * n);
    const forward = layout(built, x, w, m * n, m, k);
    wasm.sparseRowsTimesDense(m, n, k, forward.xAt, forward.denseAt, forward.outAt, forward.scratchAt);
    expect(relativeError(new Tensor([m, n], memory.view(forward.outAt, m * n).slice()), product(m, n, k, x, k, 1, w))).toBeLessThanOrEqual(1e-4);
    const dz = normal(m * n);
    const backward = layout(built, x, dz, k * n, m, k);
    wasm.sparseColumnsTimesDense(m, n, k, backward.xAt, backward.denseAt, backward.outAt, backward.scratchAt);
    expect(relativeError(new Tensor([k, n], memory.view(backward.outAt, k * n).slice()), product(k, n, m, x, 1, k, dz))).toBeLessThanOrEqual(1e-4);
  });

  it('counts the non-zero values, NaN and values past the last group of four included', () => {
    const values = [0, 1, 0, 0, -0, Number.NaN, 2, 0, 0, 0, 3];
    memory.begin();
    const at = memory.take(values.length);
    memory.commit();
    memory.write(at, values);
    expect(wasm.sparseNonzeros(at, values.length)).toBe(4);
  });

  it('serves both products from one gather (sparseGatherRows, then the gathered forms)', () => {
    const [m, k, n] = [64, 784, 64];
    const x = sparseInput(m, k, 0.2);
    const [w, dz] = [normal(k * n), normal(m * n)];
    memory.begin();
    const [xAt, wAt, dzAt, yAt, dwAt, csrAt, scratchAt] = [m * k, k * n, m * n, m * n, k * n, wasm.sparseRowsFloats(m, k), wasm.sparseScratchFloats(m, k)].map((floats) => memory.take(floats));
    memory.commit();
    memory.write(xAt!, x);
    memory.write(wAt!, w);
    memory.write(dzAt!, dz);
    const entries = wasm.sparseGatherRows(m, k, xAt!, csrAt!, m * k);
    expect(entries).toBe(x.filter((v) => v !== 0).length);
    wasm.gatheredRowsTimesDense(m, n, k, csrAt!, wAt!, yAt!, scratchAt!);
    wasm.gatheredColumnsTimesDense(m, n, k, csrAt!, dzAt!, dwAt!, scratchAt!);
    expect(relativeError(new Tensor([m, n], memory.view(yAt!, m * n).slice()), product(m, n, k, x, k, 1, w))).toBeLessThanOrEqual(1e-4);
    expect(relativeError(new Tensor([k, n], memory.view(dwAt!, k * n).slice()), product(k, n, m, x, 1, k, dz))).toBeLessThanOrEqual(1e-4);
  });

  it('gathers X with exactly `limit` non-zeros as with no limit, and gives up (−1) at one more', () => {
    const [m, k] = [9, 30];
    const x = sparseInput(m, k, 0.2);
    const nonzeros = x.filter((v) => v !== 0).length;
    const floats = wasm.sparseRowsFloats(m, k);
    memory.begin();
    const [xAt, limitedAt, unlimitedAt] = [memory.take(m * k), memory.take(floats), memory.take(floats)];
    memory.commit();
    memory.write(xAt, x);
    expect(wasm.sparseGatherRows(m, k, xAt, unlimitedAt, m * k)).toBe(nonzeros);
    expect(wasm.sparseGatherRows(m, k, xAt, limitedAt, nonzeros)).toBe(nonzeros);
    // starts, then the cols and vals of every entry (each [m·k] long, the entries at their front).
    const used = (at: number) => [...memory.viewInts(at, m + 1 + nonzeros), ...memory.viewInts(at + (m + 1 + m * k) * 4, nonzeros)];
    expect(used(limitedAt)).toEqual(used(unlimitedAt));
    expect(wasm.sparseGatherRows(m, k, xAt, limitedAt, nonzeros - 1)).toBe(-1);
    expect(wasm.sparseGatherRows(m, k, xAt, limitedAt, 0)).toBe(-1);
  });

  it('tells equal bits from any difference, −0 against 0 and in the values past the last group of four included', () => {
    const values = Float32Array.from({ length: 11 }, (_, i) => i - 5);
    memory.begin();
    const [aAt, bAt] = [memory.take(values.length), memory.take(values.length)];
    memory.commit();
    memory.write(aAt, values);
    for (const [at, changed] of [[-1, 0], [5, -0], [2, 2.0000002], [10, 5.0000005], [9, Number.NaN]] as const) {
      const other = values.slice();
      if (at >= 0) other[at] = changed;
      memory.write(bAt, other);
      expect(wasm.sameBits(aAt, bAt, values.length)).toBe(at < 0 ? 1 : 0);
    }
  });

  it('passes NaN in X on to its row of Y and its column of dW', () => {
    const [m, k, n] = [4, 9, 36];
    const x = sparseInput(m, k, 0.3);
    x[2 * k + 5] = Number.NaN;
    const w = normal(k * n);
    const forward = layout(built, x, w, m * n, m, k);
    wasm.sparseRowsTimesDense(m, n, k, forward.xAt, forward.denseAt, forward.outAt, forward.scratchAt);
    const y = memory.view(forward.outAt, m * n).slice();
    expect(Array.from(y.subarray(2 * n, 3 * n)).every(Number.isNaN)).toBe(true);
    expect(Array.from(y.subarray(0, n)).some(Number.isNaN)).toBe(false);
    const backward = layout(built, x, normal(m * n), k * n, m, k);
    wasm.sparseColumnsTimesDense(m, n, k, backward.xAt, backward.denseAt, backward.outAt, backward.scratchAt);
    const dw = memory.view(backward.outAt, k * n).slice();
    expect(Array.from(dw.subarray(5 * n, 6 * n)).every(Number.isNaN)).toBe(true);
    expect(Array.from(dw.subarray(4 * n, 5 * n)).some(Number.isNaN)).toBe(false);
  });
});
