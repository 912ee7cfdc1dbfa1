// AssemblyScript (compiled by scripts/build-wasm.mjs, not by tsc): the packed, blocked float32 GEMM.
//
//   C[i, j] (+)= Σ_p op(A)[i, p] · op(B)[p, j]    for i < m, j < n, p < k
//
// Operands are addressed by strides, so every transpose is a choice of strides and nothing is copied:
// op(A)[i, p] = A[i·rsA + p·csA], op(B)[p, j] = B[p·rsB + j·csB], C[i, j] = C[i·ldc + j].
// GotoBLAS blocking: k in blocks of KC, n in blocks of NC; each block of op(B) is packed into panels of
// NR columns (p-major: 8 values of one row of the panel side by side), each block of op(A) into panels
// of MR rows (p-major: 4 values), zero-padded, so the micro-kernel streams two contiguous buffers that
// stay in L1/L2 and keeps a 4×8 tile of C in 8 SIMD registers (4 lanes each).
// All pointers are byte offsets into the module's (imported) memory; the caller lays out the buffers.

export const MR: i32 = 4;
export const NR: i32 = 8;
export const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

/** Bytes of packing scratch a gemm call needs: A block then B block, then a 4×8 edge tile. */
export function gemmScratchBytes(): i32 {
  return (MC * KC + NC * KC + MR * NR) * 4;
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

export function gemm(
  m: i32, n: i32, k: i32,
  a: usize, rsA: i32, csA: i32,
  b: usize, rsB: i32, csB: i32,
  c: usize, ldc: i32, accumulate: i32,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(at(c, i * ldc), 0, <usize>n << 2);
    return;
  }
  const packA = scratch;
  const packB = at(scratch, MC * KC);
  const tile = at(packB, NC * KC);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB_(kc, nc, at(b, pc * rsB + jc * csB), rsB, csB, packB);
      const add = accumulate != 0 || pc > 0;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA_(mc, kc, at(a, ic * rsA + pc * csA), rsA, csA, packA);
        macro(mc, nc, kc, packA, packB, at(c, ic * ldc + jc), ldc, add, tile);
      }
    }
  }
}

/** op(B)[0..kc, 0..nc] → panels of NR columns, dst[panel][p][s], zero past nc. */
function packB_(kc: i32, nc: i32, b: usize, rsB: i32, csB: i32, dst: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const width = min(NR, nc - j0);
    const panel = at(dst, j0 * kc);
    if (width == NR && csB == 1) {
      // Rows of the panel are contiguous in B: two vector loads per row.
      let from = at(b, j0);
      const step = <usize>rsB << 2;
      for (let p = 0; p < kc; p++, from += step) {
        const to = at(panel, p * NR);
        v128.store(to, v128.load(from));
        v128.store(to, v128.load(from, 16), 16);
      }
    } else if (width == NR && rsB == 1) {
      // Bᵀ stored: each column is contiguous in p; 4×4 blocks are transposed in registers.
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const to = at(panel, p * NR);
        transpose4(at(b, p + j0 * csB), csB, to, NR);
        transpose4(at(b, p + (j0 + 4) * csB), csB, to + 16, NR);
      }
      for (; p < kc; p++) {
        for (let s = 0; s < NR; s++) store<f32>(at(panel, p * NR + s), load<f32>(at(b, p + (j0 + s) * csB)));
      }
    } else {
      for (let s = 0; s < NR; s++) {
        if (s < width) {
          let from = at(b, (j0 + s) * csB);
          const step = <usize>rsB << 2;
          for (let p = 0; p < kc; p++, from += step) store<f32>(at(panel, p * NR + s), load<f32>(from));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(at(panel, p * NR + s), 0);
        }
      }
    }
  }
}

/** op(A)[0..mc, 0..kc] → panels of MR rows, dst[panel][p][r], zero past mc. */
function packA_(mc: i32, kc: i32, a: usize, rsA: i32, csA: i32, dst: usize): void {
  for (let i0 = 0; i0 < mc; i0 += MR) {
    const height = min(MR, mc - i0);
    const panel = at(dst, i0 * kc);
    if (height == MR && rsA == 1) {
      // Aᵀ stored: the MR values of one p are contiguous.
      let from = at(a, i0);
      const step = <usize>csA << 2;
      for (let p = 0; p < kc; p++, from += step) v128.store(at(panel, p * MR), v128.load(from));
    } else if (height == MR && csA == 1) {
      // A stored: each row is contiguous in p; 4×4 blocks are transposed in registers.
      let p = 0;
      for (; p + 4 <= kc; p += 4) transpose4(at(a, i0 * rsA + p), rsA, at(panel, p * MR), MR);
      for (; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(at(panel, p * MR + r), load<f32>(at(a, (i0 + r) * rsA + p)));
      }
    } else {
      for (let r = 0; r < MR; r++) {
        if (r < height) {
          let from = at(a, (i0 + r) * rsA);
          const step = <usize>csA << 2;
          for (let p = 0; p < kc; p++, from += step) store<f32>(at(panel, p * MR + r), load<f32>(from));
        } else {
          for (let p = 0; p < kc; p++) store<f32>(at(panel, p * MR + r), 0);
        }
      }
    }
  }
}

/**
 * dst[q·dstStride + r] = src[r·srcStride + q] for r, q < 4 (strides in floats): four rows of four
 * loaded as vectors, interleaved in pairs, then pairs of pairs, and stored as four columns.
 */
@inline function transpose4(src: usize, srcStride: i32, dst: usize, dstStride: i32): void {
  transposeBlock(src, srcStride, 4, dst, dstStride, 4);
}

/**
 * dst[q·dstStride + r] = (r < srcRows ? src[r·srcStride + q] : 0) for r < 4 and q < dstRows (strides in
 * floats): the 4×4 register transpose of transpose4 with rows of src past srcRows read as +0 and rows of
 * dst past dstRows left unwritten, for blocks at the edge of a matrix (sparse-conv.ts's channel planes).
 */
@inline export function transposeBlock(src: usize, srcStride: i32, srcRows: i32, dst: usize, dstStride: i32, dstRows: i32): void {
  const s = <usize>srcStride << 2;
  const d = <usize>dstStride << 2;
  const zero = f32x4.splat(0);
  const r0 = srcRows > 0 ? v128.load(src) : zero;
  const r1 = srcRows > 1 ? v128.load(src + s) : zero;
  const r2 = srcRows > 2 ? v128.load(src + 2 * s) : zero;
  const r3 = srcRows > 3 ? v128.load(src + 3 * s) : zero;
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // a0 b0 a1 b1
  const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7); // a2 b2 a3 b3
  const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5); // c0 d0 c1 d1
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7); // c2 d2 c3 d3
  if (dstRows > 0) v128.store(dst, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
  if (dstRows > 1) v128.store(dst + d, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
  if (dstRows > 2) v128.store(dst + 2 * d, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
  if (dstRows > 3) v128.store(dst + 3 * d, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
}

function macro(mc: i32, nc: i32, kc: i32, packA: usize, packB: usize, c: usize, ldc: i32, add: bool, tile: usize): void {
  for (let j0 = 0; j0 < nc; j0 += NR) {
    const bp = at(packB, j0 * kc);
    const width = min(NR, nc - j0);
    for (let i0 = 0; i0 < mc; i0 += MR) {
      const ap = at(packA, i0 * kc);
      const height = min(MR, mc - i0);
      const target = at(c, i0 * ldc + j0);
      if (height == MR && width == NR) {
        micro(kc, ap, bp, target, ldc, add);
      } else {
        // Ragged edge: the full tile goes to scratch, then only the rows and columns that exist are stored.
        micro(kc, ap, bp, tile, NR, false);
        for (let r = 0; r < height; r++) {
          for (let s = 0; s < width; s++) {
            const to = at(target, r * ldc + s);
            const v = load<f32>(at(tile, r * NR + s));
            store<f32>(to, add ? load<f32>(to) + v : v);
          }
        }
      }
    }
  }
}

/**
 * c + a·b on four lanes. Built with relaxed SIMD (the `-fma` builds, scripts/build-wasm.mjs) it is one
 * fused multiply-add where the machine has one (one rounding instead of two); otherwise a multiply and an
 * add. The constant is the compiler's, so each build holds one of the two forms only.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** The 4×8 register tile: per p one row of the B panel (2 vectors) times 4 broadcast values of A. */
@inline function micro(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const row = <usize>ldc << 2;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + row)); c11 = f32x4.add(c11, v128.load(c + row, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * row)); c21 = f32x4.add(c21, v128.load(c + 2 * row, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * row)); c31 = f32x4.add(c31, v128.load(c + 3 * row, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + row, c10); v128.store(c + row, c11, 16);
  v128.store(c + 2 * row, c20); v128.store(c + 2 * row, c21, 16);
  v128.store(c + 3 * row, c30); v128.store(c + 3 * row, c31, 16);
}
