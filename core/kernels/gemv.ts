/**
 * Products with very few rows, C = A·op(B) with A [m, k] for m ≤ GEMV_MAX_ROWS, as one vector-matrix
 * product per row (single-image inference: 1×784 · 784×64). A tiled matmul packs all of B first and a
 * tfjs call uploads all of it, both costing more than the m·k·n multiply-adds themselves; here B is read
 * once per row, in place, with no allocation but the result.
 *
 *   B stored [k, n]:  c[i, ·] = Σ_p a[i, p] · B[p, ·]   (row axpys over the p with a[i, p] ≠ 0 only:
 *                     on an MNIST digit about four in five pixels are 0)
 *   B stored [n, k]:  c[i, j] = a[i, ·] · B[j, ·]        (contiguous dot products)
 *
 * Sums are kept in double precision and rounded once when stored, like the tiled kernel in js.ts.
 */
export const GEMV_MAX_ROWS = 4;

let sums = new Float64Array(0);
/** Indices p with a[i, p] ≠ 0, so that whole rows of B are skipped for zero inputs. */
let nonZero = new Int32Array(0);

/** c [m, n] = a [m, k] · B, B stored [k, n] or, with `transB`, [n, k]. */
export function gemvRows(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transB: boolean): Float32Array {
  const c = new Float32Array(m * n);
  if (transB) {
    for (let i = 0; i < m; i++) dotRows(a, i * k, b, k, n, c, i * n);
    return c;
  }
  if (sums.length < n) sums = new Float64Array(n);
  if (nonZero.length < k) nonZero = new Int32Array(k);
  const acc = sums;
  const rows = nonZero;
  for (let i = 0; i < m; i++) {
    acc.fill(0, 0, n);
    const aRow = i * k;
    let count = 0;
    for (let p = 0; p < k; p++) if (a[aRow + p] !== 0) rows[count++] = p;
    let q = 0;
    // Sixteen rows of B per pass as two sums of eight added in turn, (acc + first eight) + second eight,
    // the same additions in the same order as two passes of eight with one load and store of acc.
    for (; q + 16 <= count; q += 16) {
      const p0 = rows[q]!, p1 = rows[q + 1]!, p2 = rows[q + 2]!, p3 = rows[q + 3]!;
      const p4 = rows[q + 4]!, p5 = rows[q + 5]!, p6 = rows[q + 6]!, p7 = rows[q + 7]!;
      const p8 = rows[q + 8]!, p9 = rows[q + 9]!, p10 = rows[q + 10]!, p11 = rows[q + 11]!;
      const p12 = rows[q + 12]!, p13 = rows[q + 13]!, p14 = rows[q + 14]!, p15 = rows[q + 15]!;
      const a0 = a[aRow + p0]!, a1 = a[aRow + p1]!, a2 = a[aRow + p2]!, a3 = a[aRow + p3]!;
      const a4 = a[aRow + p4]!, a5 = a[aRow + p5]!, a6 = a[aRow + p6]!, a7 = a[aRow + p7]!;
      const a8 = a[aRow + p8]!, a9 = a[aRow + p9]!, a10 = a[aRow + p10]!, a11 = a[aRow + p11]!;
      const a12 = a[aRow + p12]!, a13 = a[aRow + p13]!, a14 = a[aRow + p14]!, a15 = a[aRow + p15]!;
      const r0 = p0 * n, r1 = p1 * n, r2 = p2 * n, r3 = p3 * n, r4 = p4 * n, r5 = p5 * n, r6 = p6 * n, r7 = p7 * n;
      const r8 = p8 * n, r9 = p9 * n, r10 = p10 * n, r11 = p11 * n, r12 = p12 * n, r13 = p13 * n, r14 = p14 * n, r15 = p15 * n;
      for (let j = 0; j < n; j++) {
        acc[j] = acc[j]! + (a0 * b[r0 + j]! + a1 * b[r1 + j]! + a2 * b[r2 + j]! + a3 * b[r3 + j]! +
          (a4 * b[r4 + j]! + a5 * b[r5 + j]! + a6 * b[r6 + j]! + a7 * b[r7 + j]!)) +
          (a8 * b[r8 + j]! + a9 * b[r9 + j]! + a10 * b[r10 + j]! + a11 * b[r11 + j]! +
          (a12 * b[r12 + j]! + a13 * b[r13 + j]! + a14 * b[r14 + j]! + a15 * b[r15 + j]!));
      }
    }
    // Then eight, then four rows: one load and store of each sum per eight (four) multiply-adds.
    for (; q + 8 <= count; q += 8) {
      const p0 = rows[q]!, p1 = rows[q + 1]!, p2 = rows[q + 2]!, p3 = rows[q + 3]!;
      const p4 = rows[q + 4]!, p5 = rows[q + 5]!, p6 = rows[q + 6]!, p7 = rows[q + 7]!;
      const a0 = a[aRow + p0]!, a1 = a[aRow + p1]!, a2 = a[aRow + p2]!, a3 = a[aRow + p3]!;
      const a4 = a[aRow + p4]!, a5 = a[aRow + p5]!, a6 = a[aRow + p6]!, a7 = a[aRow + p7]!;
      const r0 = p0 * n, r1 = p1 * n, r2 = p2 * n, r3 = p3 * n, r4 = p4 * n, r5 = p5 * n, r6 = p6 * n, r7 = p7 * n;
      for (let j = 0; j < n; j++) {
        acc[j]! += a0 * b[r0 + j]! + a1 * b[r1 + j]! + a2 * b[r2 + j]! + a3 * b[r3 + j]! +
          (a4 * b[r4 + j]! + a5 * b[r5 + j]! + a6 * b[r6 + j]! + a7 * b[r7 + j]!);
      }
    }
    for (; q + 4 <= count; q += 4) {
      const p0 = rows[q]!, p1 = rows[q + 1]!, p2 = rows[q + 2]!, p3 = rows[q + 3]!;
      const a0 = a[aRow + p0]!, a1 = a[aRow + p1]!, a2 = a[aRow + p2]!, a3 = a[aRow + p3]!;
      const r0 = p0 * n, r1 = p1 * n, r2 = p2 * n, r3 = p3 * n;
      for (let j = 0; j < n; j++) acc[j]! += a0 * b[r0 + j]! + a1 * b[r1 + j]! + a2 * b[r2 + j]! + a3 * b[r3 + j]!;
    }
    for (; q < count; q++) {
      const p = rows[q]!;
      const ap = a[aRow + p]!;
      const r = p * n;
      for (let j = 0; j < n; j++) acc[j]! += ap * b[r + j]!;
    }
    const cRow = i * n;
    for (let j = 0; j < n; j++) c[cRow + j] = acc[j]!;
  }
  return c;
}

/** c[at + j] = a[from .. from + k] · b[j·k .. (j + 1)·k] for j < n. */
function dotRows(a: Float32Array, from: number, b: Float32Array, k: number, n: number, c: Float32Array, at: number): void {
  for (let j = 0; j < n; j++) {
    const row = j * k;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      s0 += a[from + p]! * b[row + p]!;
      s1 += a[from + p + 1]! * b[row + p + 1]!;
      s2 += a[from + p + 2]! * b[row + p + 2]!;
      s3 += a[from + p + 3]! * b[row + p + 3]!;
    }
    for (; p < k; p++) s0 += a[from + p]! * b[row + p]!;
    c[at + j] = s0 + s1 + s2 + s3;
  }
}
