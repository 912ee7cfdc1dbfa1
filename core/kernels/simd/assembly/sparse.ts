// AssemblyScript: a dense layer's two products with X's zeros skipped, for inputs that are mostly zero
// (MNIST pixels: ~81% of them are 0, so X·W and Xᵀ·dZ of the first layer do a fifth of the work):
//
//   forward        Y[i, :]  = Σ_{p: X[i, p] ≠ 0} X[i, p] · W[p, :]       X [m, k], W [k, n], Y [m, n]
//   filter grad.   dW[p, :] = Σ_{i: X[i, p] ≠ 0} X[i, p] · dZ[i, :]      dZ [m, n], dW [k, n] (written)
//
// X is first gathered into its non-zero entries row by row (CSR: column index and value per entry, where
// each row starts), four values at a time by a shuffle per pattern of zeros; the filter gradient regroups
// them by column (CSC). Then 24 or 16 columns of the result at a time (6 or 4 f32x4 accumulators) are
// summed over the entries, with fused multiply-adds in the relaxed-SIMD builds (madd, gemm.ts). Not 32
// columns in 8 accumulators: V8 issues a row's eight loads of W before the eight multiply-adds, which
// with the accumulators and the broadcast value is 17 live vectors in 15 registers, so it spilled one
// accumulator to the stack and every entry waited on a store and a reload. The forward pass walks W in
// blocks of KB rows, so that the block's columns stay in L1 while every row of X adds its entries from
// that block; without the blocking each entry fetched its row of W from L2.
// The gather can be done once for both products (sparseGatherRows, then the gathered… forms): the
// provider keeps a forward pass's X and its CSR in the module and reuses the CSR in the backward pass when
// the X it is given there has the same bits (sameBits), which costs one read of both copies instead of a
// second count and gather.
// The host decides by the share of non-zeros whether this or the packed GEMM is faster: counted (sparseNonzeros), or
// found by a gather that gives up past the limit (sparseGatherRows).
// A zero of X contributes nothing, as on the host's vector-matrix path (core/kernels/gemv.ts), even where
// W holds ±∞ or NaN (the dense product would give NaN there); NaN in X is not zero and propagates.

import { madd } from './gemm';

const KB: i32 = 128;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** The number of values of x[0..count) that are not zero (NaN counts as not zero). */
export function sparseNonzeros(x: usize, count: i32): i32 {
  const zero = f32x4.splat(0);
  let lanes = i32x4.splat(0);
  let i = 0;
  // f32x4.ne gives −1 in each lane that is not zero: subtracting it counts them.
  for (; i + 4 <= count; i += 4) lanes = i32x4.sub(lanes, f32x4.ne(v128.load(at(x, i)), zero));
  let total = i32x4.extract_lane(lanes, 0) + i32x4.extract_lane(lanes, 1) + i32x4.extract_lane(lanes, 2) + i32x4.extract_lane(lanes, 3);
  for (; i < count; i++) if (load<f32>(at(x, i)) != 0) total++;
  return total;
}

/** Scratch floats the two products need for X [m, k] (CSR and CSC of at most m·k entries, cursors). */
export function sparseScratchFloats(m: i32, k: i32): i32 {
  return 4 * m * k + 2 * m + k + 8;
}

/** Floats of X [m, k]'s CSR as sparseGatherRows lays it out: starts [m + 1], then cols and vals [m·k] each. */
export function sparseRowsFloats(m: i32, k: i32): i32 {
  return 2 * m * k + m + 1;
}

/** 1 where the `count` floats at a and at b have the same bits (so −0 differs from 0, and NaNs by payload), else 0. */
export function sameBits(a: usize, b: usize, count: i32): i32 {
  let differ = i32x4.splat(0);
  let i = 0;
  for (; i + 4 <= count; i += 4) differ = v128.or(differ, v128.xor(v128.load(at(a, i)), v128.load(at(b, i))));
  if (v128.any_true(differ)) return 0;
  for (; i < count; i++) if (load<i32>(at(a, i)) != load<i32>(at(b, i))) return 0;
  return 1;
}

/**
 * For each 4-bit mask of the non-zero lanes of a group of four values, the i8x16.swizzle pattern that
 * moves those lanes, in order, to the front (the other bytes become 0): a group is compacted in a
 * few vector instructions instead of one store, compare and add per value, whose running count chains
 * every value to the one before.
 */
const COMPACT = memory.data<u8>([
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 128, 128, 128, 128, 128, 128, 128, 128,
  8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 128, 128, 128, 128,
  12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 128, 128, 128, 128,
  8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128, 128, 128, 128, 128,
  0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 128, 128, 128, 128,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
]);

/** Writes (q, v) at slot `count` and returns the next free slot: count + 1 where v ≠ 0, else count. */
@inline function keep(v: f32, q: i32, count: i32, cols: usize, vals: usize): i32 {
  store<i32>(at(cols, count), q);
  store<f32>(at(vals, count), v);
  return count + <i32>(v != 0);
}

/**
 * X [m, k] → CSR: starts[i]..starts[i + 1] index cols/vals; returns the number of entries, or −1 as soon
 * as a row takes them past `limit` (the CSR is then unfinished). Each group of four with a non-zero is
 * written whole (four slots, of which the first popcount(mask) are its entries); the next group's write
 * starts at the next free slot, so at most three slots past the last entry are written, inside cols and
 * vals (a row's groups hold at most k values).
 */
export function gatherRows(m: i32, k: i32, x: usize, starts: usize, cols: usize, vals: usize, limit: i32 = i32.MAX_VALUE): i32 {
  const zero = f32x4.splat(0);
  const four = i32x4.splat(4);
  let count = 0;
  for (let i = 0; i < m; i++) {
    store<i32>(at(starts, i), count);
    const row = at(x, i * k);
    let p = 0;
    let columns = i32x4(0, 1, 2, 3);
    for (; p + 4 <= k; p += 4, columns = i32x4.add(columns, four)) {
      const v = v128.load(at(row, p));
      const mask = i32x4.bitmask(f32x4.ne(v, zero));
      if (mask == 0) continue;
      const pattern = v128.load(COMPACT + (<usize>mask << 4));
      v128.store(at(vals, count), i8x16.swizzle(v, pattern));
      v128.store(at(cols, count), i8x16.swizzle(columns, pattern));
      count += <i32>popcnt<u32>(mask);
    }
    for (; p < k; p++) count = keep(load<f32>(at(row, p)), p, count, cols, vals);
    if (count > limit) return -1;
  }
  store<i32>(at(starts, m), count);
  return count;
}

/** Y[:, j..j + 24) += the entries' products, over W's rows in blocks of KB (6 accumulators a row). */
function rowsBlock24(m: i32, n: i32, k: i32, j: i32, starts: usize, cursor: usize, cols: usize, vals: usize, w: usize, y: usize): void {
  const rowBytes = <usize>n << 2;
  const block = at(w, j);
  memory.copy(cursor, starts, <usize>m << 2);
  for (let kb = 0; kb < k; kb += KB) {
    const end = kb + KB;
    for (let i = 0; i < m; i++) {
      let e = load<i32>(at(cursor, i));
      const last = load<i32>(at(starts, i + 1));
      if (e >= last || load<i32>(at(cols, e)) >= end) continue;
      const to = at(y, i * n + j);
      let c0 = v128.load(to), c1 = v128.load(to, 16), c2 = v128.load(to, 32), c3 = v128.load(to, 48), c4 = v128.load(to, 64), c5 = v128.load(to, 80);
      for (; e < last; e++) {
        const p = load<i32>(at(cols, e));
        if (p >= end) break;
        const s = v128.load32_splat(at(vals, e));
        const row = block + <usize>p * rowBytes;
        c0 = madd(s, v128.load(row), c0);
        c1 = madd(s, v128.load(row, 16), c1);
        c2 = madd(s, v128.load(row, 32), c2);
        c3 = madd(s, v128.load(row, 48), c3);
        c4 = madd(s, v128.load(row, 64), c4);
        c5 = madd(s, v128.load(row, 80), c5);
      }
      store<i32>(at(cursor, i), e);
      v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48); v128.store(to, c4, 64); v128.store(to, c5, 80);
    }
  }
}

/** Y[:, j..j + 16) += the entries' products, over W's rows in blocks of KB (4 accumulators a row). */
function rowsBlock16(m: i32, n: i32, k: i32, j: i32, starts: usize, cursor: usize, cols: usize, vals: usize, w: usize, y: usize): void {
  const rowBytes = <usize>n << 2;
  const block = at(w, j);
  memory.copy(cursor, starts, <usize>m << 2);
  for (let kb = 0; kb < k; kb += KB) {
    const end = kb + KB;
    for (let i = 0; i < m; i++) {
      let e = load<i32>(at(cursor, i));
      const last = load<i32>(at(starts, i + 1));
      if (e >= last || load<i32>(at(cols, e)) >= end) continue;
      const to = at(y, i * n + j);
      let c0 = v128.load(to), c1 = v128.load(to, 16), c2 = v128.load(to, 32), c3 = v128.load(to, 48);
      for (; e < last; e++) {
        const p = load<i32>(at(cols, e));
        if (p >= end) break;
        const s = v128.load32_splat(at(vals, e));
        const row = block + <usize>p * rowBytes;
        c0 = madd(s, v128.load(row), c0);
        c1 = madd(s, v128.load(row, 16), c1);
        c2 = madd(s, v128.load(row, 32), c2);
        c3 = madd(s, v128.load(row, 48), c3);
      }
      store<i32>(at(cursor, i), e);
      v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48);
    }
  }
}

/**
 * X [m, k] → its CSR at `csr` (sparseRowsFloats(m, k) floats); returns the number of entries, or −1 when X
 * has more than `limit` non-zeros (found at the row that passes it, so a dense X is given up early and a
 * sparse one is read once, where counting first read it twice).
 */
export function sparseGatherRows(m: i32, k: i32, x: usize, csr: usize, limit: i32): i32 {
  const cols = at(csr, m + 1);
  return gatherRows(m, k, x, csr, cols, at(cols, m * k), limit);
}

/** Y = X·W over X's non-zeros; scratch holds sparseScratchFloats(m, k) values. */
export function sparseRowsTimesDense(m: i32, n: i32, k: i32, x: usize, w: usize, y: usize, scratch: usize): void {
  sparseGatherRows(m, k, x, scratch, i32.MAX_VALUE);
  gatheredRowsTimesDense(m, n, k, scratch, w, y, at(scratch, sparseRowsFloats(m, k)));
}

/** Y = X·W from X's CSR (sparseGatherRows); scratch holds m + 1 values. */
export function gatheredRowsTimesDense(m: i32, n: i32, k: i32, csr: usize, w: usize, y: usize, scratch: usize): void {
  const starts = csr;
  const cols = at(starts, m + 1);
  const vals = at(cols, m * k);
  const cursor = scratch;
  memory.fill(y, 0, <usize>m * n << 2);
  let j = 0;
  for (; j + 24 <= n; j += 24) rowsBlock24(m, n, k, j, starts, cursor, cols, vals, w, y);
  for (; j + 16 <= n; j += 16) rowsBlock16(m, n, k, j, starts, cursor, cols, vals, w, y);
  // Columns past the last block of 16: four at a time, then one at a time.
  for (let i = 0; i < m; i++) {
    const first = load<i32>(at(starts, i));
    const last = load<i32>(at(starts, i + 1));
    let jj = j;
    for (; jj + 4 <= n; jj += 4) {
      let c = f32x4.splat(0);
      for (let e = first; e < last; e++) {
        c = f32x4.add(c, f32x4.mul(v128.load32_splat(at(vals, e)), v128.load(at(w, load<i32>(at(cols, e)) * n + jj))));
      }
      v128.store(at(y, i * n + jj), c);
    }
    for (; jj < n; jj++) {
      let c: f32 = 0;
      for (let e = first; e < last; e++) c += load<f32>(at(vals, e)) * load<f32>(at(w, load<i32>(at(cols, e)) * n + jj));
      store<f32>(at(y, i * n + jj), c);
    }
  }
}

/** dW[p, j..j + 24) = Σ over column p's entries e of value·dZ[row, j..j + 24) (6 accumulators; `block` is dZ's column j). */
@inline function columnBlock24(first: i32, last: i32, rows: usize, cvals: usize, block: usize, rowBytes: usize, to: usize): void {
  const zero = f32x4.splat(0);
  let c0 = zero, c1 = zero, c2 = zero, c3 = zero, c4 = zero, c5 = zero;
  for (let e = first; e < last; e++) {
    const s = v128.load32_splat(at(cvals, e));
    const row = block + <usize>load<i32>(at(rows, e)) * rowBytes;
    c0 = madd(s, v128.load(row), c0);
    c1 = madd(s, v128.load(row, 16), c1);
    c2 = madd(s, v128.load(row, 32), c2);
    c3 = madd(s, v128.load(row, 48), c3);
    c4 = madd(s, v128.load(row, 64), c4);
    c5 = madd(s, v128.load(row, 80), c5);
  }
  v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48); v128.store(to, c4, 64); v128.store(to, c5, 80);
}

/** dW[p, j..j + 16) = Σ over column p's entries e of value·dZ[row, j..j + 16) (4 accumulators; `block` is dZ's column j). */
@inline function columnBlock16(first: i32, last: i32, rows: usize, cvals: usize, block: usize, rowBytes: usize, to: usize): void {
  const zero = f32x4.splat(0);
  let c0 = zero, c1 = zero, c2 = zero, c3 = zero;
  for (let e = first; e < last; e++) {
    const s = v128.load32_splat(at(cvals, e));
    const row = block + <usize>load<i32>(at(rows, e)) * rowBytes;
    c0 = madd(s, v128.load(row), c0);
    c1 = madd(s, v128.load(row, 16), c1);
    c2 = madd(s, v128.load(row, 32), c2);
    c3 = madd(s, v128.load(row, 48), c3);
  }
  v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48);
}

/** dW = Xᵀ·dZ over X's non-zeros (dW written, not accumulated); scratch holds sparseScratchFloats(m, k) values. */
export function sparseColumnsTimesDense(m: i32, n: i32, k: i32, x: usize, dz: usize, dw: usize, scratch: usize): void {
  sparseGatherRows(m, k, x, scratch, i32.MAX_VALUE);
  gatheredColumnsTimesDense(m, n, k, scratch, dz, dw, at(scratch, sparseRowsFloats(m, k)));
}

/** dW = Xᵀ·dZ from X's CSR (sparseGatherRows); scratch holds 2·m·k + k + 1 values. */
export function gatheredColumnsTimesDense(m: i32, n: i32, k: i32, csr: usize, dz: usize, dw: usize, scratch: usize): void {
  // The CSR regrouped by column (a counting sort): colStarts[p]..colStarts[p + 1] index rows/cvals.
  const starts = csr;
  const cols = at(starts, m + 1);
  const vals = at(cols, m * k);
  const count = load<i32>(at(starts, m));
  const colStarts = scratch;
  const rows = at(colStarts, k + 1);
  const cvals = at(rows, m * k);
  memory.fill(colStarts, 0, <usize>(k + 1) << 2);
  for (let e = 0; e < count; e++) {
    const slot = at(colStarts, load<i32>(at(cols, e)) + 1);
    store<i32>(slot, load<i32>(slot) + 1);
  }
  for (let p = 0; p < k; p++) store<i32>(at(colStarts, p + 1), load<i32>(at(colStarts, p + 1)) + load<i32>(at(colStarts, p)));
  // Fill column by column in row order; colStarts[p] moves to the end of column p, then is restored.
  for (let i = 0; i < m; i++) {
    const last = load<i32>(at(starts, i + 1));
    for (let e = load<i32>(at(starts, i)); e < last; e++) {
      const slot = at(colStarts, load<i32>(at(cols, e)));
      const to = load<i32>(slot);
      store<i32>(at(rows, to), i);
      store<f32>(at(cvals, to), load<f32>(at(vals, e)));
      store<i32>(slot, to + 1);
    }
  }
  for (let p = k; p > 0; p--) store<i32>(at(colStarts, p), load<i32>(at(colStarts, p - 1)));
  store<i32>(colStarts, 0);

  const rowBytes = <usize>n << 2;
  for (let p = 0; p < k; p++) {
    const first = load<i32>(at(colStarts, p));
    const last = load<i32>(at(colStarts, p + 1));
    const out = at(dw, p * n);
    let j = 0;
    for (; j + 24 <= n; j += 24) columnBlock24(first, last, rows, cvals, at(dz, j), rowBytes, at(out, j));
    for (; j + 16 <= n; j += 16) columnBlock16(first, last, rows, cvals, at(dz, j), rowBytes, at(out, j));
    for (; j + 4 <= n; j += 4) {
      let c = f32x4.splat(0);
      for (let e = first; e < last; e++) {
        c = f32x4.add(c, f32x4.mul(v128.load32_splat(at(cvals, e)), v128.load(at(dz, load<i32>(at(rows, e)) * n + j))));
      }
      v128.store(at(out, j), c);
    }
    for (; j < n; j++) {
      let c: f32 = 0;
      for (let e = first; e < last; e++) c += load<f32>(at(cvals, e)) * load<f32>(at(dz, load<i32>(at(rows, e)) * n + j));
      store<f32>(at(out, j), c);
    }
  }
}
