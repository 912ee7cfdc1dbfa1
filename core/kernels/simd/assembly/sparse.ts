// AssemblyScript: a dense layer's two products with X's zeros skipped, for inputs that are mostly zero
// (MNIST pixels: ~81% of them are 0, so X·W and Xᵀ·dZ of the first layer do a fifth of the work):
//
//   forward        Y[i, :]  = Σ_{p: X[i, p] ≠ 0} X[i, p] · W[p, :]       X [m, k], W [k, n], Y [m, n]
//   filter grad.   dW[p, :] = Σ_{i: X[i, p] ≠ 0} X[i, p] · dZ[i, :]      dZ [m, n], dW [k, n] (written)
//
// X is first gathered into its non-zero entries row by row (CSR: column index and value per entry, where
// each row starts); the filter gradient regroups them by column (CSC). Then 32 columns of the result at
// a time (8 f32x4 accumulators, so the add chains do not wait on each other) are summed over the
// entries. The forward pass walks W in blocks of KB rows, so that the block's 32 columns (16 KB) stay in
// L1 while every row of X adds its entries from that block; without the blocking each entry fetched its
// row of W from L2, and the sparse product ran at half the GEMM's speed per multiply-add.
// The host decides by the share of non-zeros (sparseNonzeros) whether this or the packed GEMM is faster.
// A zero of X contributes nothing, as on the host's vector-matrix path (core/kernels/gemv.ts), even where
// W holds ±∞ or NaN (the dense product would give NaN there); NaN in X is not zero and propagates.

const KB: i32 = 128;
const JB: i32 = 32;

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

/** Writes (q, v) at slot `count` and returns the next free slot: count + 1 where v ≠ 0, else count. */
@inline function keep(v: f32, q: i32, count: i32, cols: usize, vals: usize): i32 {
  store<i32>(at(cols, count), q);
  store<f32>(at(vals, count), v);
  return count + <i32>(v != 0);
}

/** X [m, k] → CSR: starts[i]..starts[i + 1] index cols/vals; returns the number of entries. */
function gatherRows(m: i32, k: i32, x: usize, starts: usize, cols: usize, vals: usize): i32 {
  const zero = f32x4.splat(0);
  let count = 0;
  for (let i = 0; i < m; i++) {
    store<i32>(at(starts, i), count);
    const row = at(x, i * k);
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      if (!v128.any_true(f32x4.ne(v128.load(at(row, p)), zero))) continue;
      // Branch-free: every value is written at the next slot, which only moves on past a non-zero
      // (a branch per value mispredicts half the time on inputs without a pattern).
      for (let q = p; q < p + 4; q++) count = keep(load<f32>(at(row, q)), q, count, cols, vals);
    }
    for (; p < k; p++) count = keep(load<f32>(at(row, p)), p, count, cols, vals);
  }
  store<i32>(at(starts, m), count);
  return count;
}

/** Y = X·W over X's non-zeros; scratch holds sparseScratchFloats(m, k) values. */
export function sparseRowsTimesDense(m: i32, n: i32, k: i32, x: usize, w: usize, y: usize, scratch: usize): void {
  const starts = scratch;
  const cursor = at(starts, m + 1);
  const cols = at(cursor, m + 1);
  const vals = at(cols, m * k);
  gatherRows(m, k, x, starts, cols, vals);
  memory.fill(y, 0, <usize>m * n << 2);
  const rowBytes = <usize>n << 2;
  let j = 0;
  for (; j + JB <= n; j += JB) {
    memory.copy(cursor, starts, <usize>m << 2);
    for (let kb = 0; kb < k; kb += KB) {
      const end = kb + KB;
      const block = at(w, j);
      for (let i = 0; i < m; i++) {
        let e = load<i32>(at(cursor, i));
        const last = load<i32>(at(starts, i + 1));
        if (e >= last || load<i32>(at(cols, e)) >= end) continue;
        const to = at(y, i * n + j);
        let c0 = v128.load(to), c1 = v128.load(to, 16), c2 = v128.load(to, 32), c3 = v128.load(to, 48);
        let c4 = v128.load(to, 64), c5 = v128.load(to, 80), c6 = v128.load(to, 96), c7 = v128.load(to, 112);
        for (; e < last; e++) {
          const p = load<i32>(at(cols, e));
          if (p >= end) break;
          const s = v128.load32_splat(at(vals, e));
          const row = block + <usize>p * rowBytes;
          c0 = f32x4.add(c0, f32x4.mul(s, v128.load(row)));
          c1 = f32x4.add(c1, f32x4.mul(s, v128.load(row, 16)));
          c2 = f32x4.add(c2, f32x4.mul(s, v128.load(row, 32)));
          c3 = f32x4.add(c3, f32x4.mul(s, v128.load(row, 48)));
          c4 = f32x4.add(c4, f32x4.mul(s, v128.load(row, 64)));
          c5 = f32x4.add(c5, f32x4.mul(s, v128.load(row, 80)));
          c6 = f32x4.add(c6, f32x4.mul(s, v128.load(row, 96)));
          c7 = f32x4.add(c7, f32x4.mul(s, v128.load(row, 112)));
        }
        store<i32>(at(cursor, i), e);
        v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48);
        v128.store(to, c4, 64); v128.store(to, c5, 80); v128.store(to, c6, 96); v128.store(to, c7, 112);
      }
    }
  }
  // Columns past the last full block of 32: four at a time, then one at a time.
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

/** dW = Xᵀ·dZ over X's non-zeros (dW written, not accumulated); scratch holds sparseScratchFloats(m, k) values. */
export function sparseColumnsTimesDense(m: i32, n: i32, k: i32, x: usize, dz: usize, dw: usize, scratch: usize): void {
  // CSR of X, then regrouped by column (a counting sort): colStarts[p]..colStarts[p + 1] index rows/cvals.
  const starts = scratch;
  const colStarts = at(starts, m + 1);
  const cols = at(colStarts, k + 1);
  const vals = at(cols, m * k);
  const rows = at(vals, m * k);
  const cvals = at(rows, m * k);
  const count = gatherRows(m, k, x, starts, cols, vals);
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
    for (; j + JB <= n; j += JB) {
      let c0 = f32x4.splat(0), c1 = f32x4.splat(0), c2 = f32x4.splat(0), c3 = f32x4.splat(0);
      let c4 = f32x4.splat(0), c5 = f32x4.splat(0), c6 = f32x4.splat(0), c7 = f32x4.splat(0);
      const block = at(dz, j);
      for (let e = first; e < last; e++) {
        const s = v128.load32_splat(at(cvals, e));
        const row = block + <usize>load<i32>(at(rows, e)) * rowBytes;
        c0 = f32x4.add(c0, f32x4.mul(s, v128.load(row)));
        c1 = f32x4.add(c1, f32x4.mul(s, v128.load(row, 16)));
        c2 = f32x4.add(c2, f32x4.mul(s, v128.load(row, 32)));
        c3 = f32x4.add(c3, f32x4.mul(s, v128.load(row, 48)));
        c4 = f32x4.add(c4, f32x4.mul(s, v128.load(row, 64)));
        c5 = f32x4.add(c5, f32x4.mul(s, v128.load(row, 80)));
        c6 = f32x4.add(c6, f32x4.mul(s, v128.load(row, 96)));
        c7 = f32x4.add(c7, f32x4.mul(s, v128.load(row, 112)));
      }
      const to = at(out, j);
      v128.store(to, c0); v128.store(to, c1, 16); v128.store(to, c2, 32); v128.store(to, c3, 48);
      v128.store(to, c4, 64); v128.store(to, c5, 80); v128.store(to, c6, 96); v128.store(to, c7, 112);
    }
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
