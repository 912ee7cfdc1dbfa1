/**
 * The host's vector-matrix product against its definition written out here: for each output, the
 * products a[i, p]·B[p, j] over the p with a[i, p] ≠ 0, in p order, added in float64 in groups of eight
 * (two sums of four, ((t0 + t1) + t2) + t3 and the same for t4…t7, then the two), then groups of four,
 * then one at a time, each group's sum added to the running sum, rounded once to float32. The same bits
 * are the claim: W3's single-image predict must not change with how many rows a pass takes.
 */
import { describe, expect, it } from 'vitest';
import { gemvRows } from './gemv.js';
import { Rng } from '../random.js';

function definition(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    const rows: number[] = [];
    for (let p = 0; p < k; p++) if (a[i * k + p] !== 0) rows.push(p);
    for (let j = 0; j < n; j++) {
      const t = (q: number) => a[i * k + rows[q]!]! * b[rows[q]! * n + j]!;
      const four = (q: number) => t(q) + t(q + 1) + t(q + 2) + t(q + 3);
      let acc = 0;
      let q = 0;
      for (; q + 8 <= rows.length; q += 8) acc += four(q) + four(q + 4);
      for (; q + 4 <= rows.length; q += 4) acc += four(q);
      for (; q < rows.length; q++) acc += t(q);
      c[i * n + j] = acc;
    }
  }
  return c;
}

describe('gemvRows, B stored [k, n]', () => {
  // Non-zero counts that take every pass: 37 = 16 + 16 + 4 + 1, 29 = 16 + 8 + 4 + 1, 7, 0 and all of k.
  for (const [k, nonZero] of [[784, 150], [64, 37], [64, 29], [40, 7], [16, 0], [24, 24]] as const) {
    it(`${nonZero} non-zero inputs of ${k}: the definition's bits, on 3 rows and 10 columns`, () => {
      const rng = new Rng(k * 1000 + nonZero);
      const m = 3;
      const n = 10;
      const a = new Float32Array(m * k);
      for (let i = 0; i < m; i++) {
        const order = Array.from({ length: k }, (_, p) => p).sort(() => rng.uniform(0, 1) - 0.5);
        for (const p of order.slice(0, nonZero)) a[i * k + p] = rng.uniform(0, 1) * 2 - 1;
      }
      const b = Float32Array.from({ length: k * n }, () => (rng.uniform(0, 1) * 2 - 1) * 1e3);
      expect(Array.from(gemvRows(a, b, m, k, n, false))).toEqual(Array.from(definition(a, b, m, k, n)));
    });
  }

  it('adds each pass of sixteen to the running sum as two eights in turn: a sum of 1 is lost to 2⁶⁰ before −2⁶⁰ comes', () => {
    // 32 inputs of 1; B's first sixteen rows hold 1/16 (the running sum is then exactly 1), row 16 holds
    // 2⁶⁰ and row 24 −2⁶⁰. (1 + 2⁶⁰) rounds to 2⁶⁰ in float64 (its ulp is 2⁸), so the definition's
    // ((1 + (first eight)) + (second eight)) is 0, where 1 + (first eight + second eight) would be 1.
    const k = 32;
    const a = new Float32Array(k).fill(1);
    const b = new Float32Array(k);
    b.fill(1 / 16, 0, 16);
    b[16] = 2 ** 60;
    b[24] = -(2 ** 60);
    expect(Array.from(gemvRows(a, b, 1, k, 1, false))).toEqual([0]);
  });
});
