/**
 * The `js` provider: a float32 matmul in plain TypeScript, tuned for V8, and im2col convolution on it.
 *
 * C = op(A)·op(B) is computed in 4×4 register tiles: op(A) is packed into panels of 4 rows laid out
 * p-major (ap[p·4 + r]) and op(B) into panels of 4 columns (bp[p·4 + c]), zero-padded to a multiple of 4,
 * so the inner loop reads two short contiguous runs and keeps 16 accumulators in registers. Packing also
 * absorbs both transposes, so all four combinations run the same inner loop. The packing buffers are
 * reused between calls; nothing is allocated inside the loops. Accumulation is in double precision
 * (JavaScript numbers) and rounded once when stored, so results are at least as accurate as float32 sums.
 * Float64 operands go to the reference matmul.
 */
import { Tensor } from '../tensor.js';
import { matmulSizes, type Kernels, type MatmulOptions } from './kernels.js';
import { conv2dViaMatmul } from './im2col.js';
import { denseViaMatmul } from './dense.js';
import { conv2dBackwardVia } from './conv-backward.js';
import { matmulReference } from './reference.js';
import { GEMV_MAX_ROWS, gemvRows } from './gemv.js';

const TILE = 4;
let packedA: Float32Array = new Float32Array(0);
let packedB: Float32Array = new Float32Array(0);
/** A ragged edge tile, staged before the rows and columns that exist are copied out. */
const edgeTile = new Float64Array(TILE * TILE);

function scratch(buffer: Float32Array, size: number): Float32Array {
  return buffer.length >= size ? buffer : new Float32Array(Math.max(size, buffer.length * 2));
}

export function matmulJs(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  if (a.data instanceof Float64Array || b.data instanceof Float64Array) return matmulReference(a, b, options);
  const { transA = false, transB = false } = options;
  const { m, k, n } = matmulSizes(a, b, options);
  const aCols = a.shape[1]!;
  const bCols = b.shape[1]!;
  if (m <= GEMV_MAX_ROWS && !transA) return new Tensor([m, n], gemvRows(a.data, b.data, m, k, n, transB));

  const mPanels = Math.ceil(m / TILE);
  const nPanels = Math.ceil(n / TILE);
  packedA = scratch(packedA, mPanels * k * TILE);
  packedB = scratch(packedB, nPanels * k * TILE);
  // op(A)[i, p] sits at A[i·rowStride + p·colStride]; packing into row panels is the same walk either way.
  pack(a.data, m, k, transA ? 1 : aCols, transA ? aCols : 1, packedA);
  // op(B) columns are op(B)ᵀ rows: op(B)ᵀ[j, p] = B[j·1 + p·bCols], or B[j·bCols + p] when transposed.
  pack(b.data, n, k, transB ? bCols : 1, transB ? 1 : bCols, packedB);
  const c = new Float32Array(m * n);
  multiplyPanels(packedA, packedB, c, m, n, k, mPanels, nPanels);
  return new Tensor([m, n], c);
}

/** Packs a rows×depth matrix M[i, p] = src[i·rowStride + p·depthStride] into 4-row panels, p-major. */
function pack(src: Float32Array, rows: number, depth: number, rowStride: number, depthStride: number, dst: Float32Array): void {
  const panels = Math.ceil(rows / TILE);
  for (let panel = 0; panel < panels; panel++) {
    const base = panel * depth * TILE;
    for (let r = 0; r < TILE; r++) {
      const i = panel * TILE + r;
      if (i >= rows) {
        for (let p = 0; p < depth; p++) dst[base + p * TILE + r] = 0;
        continue;
      }
      let from = i * rowStride;
      for (let p = 0; p < depth; p++, from += depthStride) dst[base + p * TILE + r] = src[from]!;
    }
  }
}

function multiplyPanels(
  ap: Float32Array, bp: Float32Array, c: Float32Array,
  m: number, n: number, k: number, mPanels: number, nPanels: number,
): void {
  const panelSize = k * TILE;
  for (let ip = 0; ip < mPanels; ip++) {
    const aBase = ip * panelSize;
    const i0 = ip * TILE;
    for (let jp = 0; jp < nPanels; jp++) {
      const bBase = jp * panelSize;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, ai = aBase, bi = bBase; p < k; p++, ai += TILE, bi += TILE) {
        const a0 = ap[ai]!, a1 = ap[ai + 1]!, a2 = ap[ai + 2]!, a3 = ap[ai + 3]!;
        const b0 = bp[bi]!, b1 = bp[bi + 1]!, b2 = bp[bi + 2]!, b3 = bp[bi + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const j0 = jp * TILE;
      if (i0 + TILE <= m && j0 + TILE <= n) {
        let o = i0 * n + j0;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
      } else {
        const tile = edgeTile;
        tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
        tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
        tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
        tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
        for (let r = 0; r < TILE && i0 + r < m; r++) {
          for (let s = 0; s < TILE && j0 + s < n; s++) c[(i0 + r) * n + j0 + s] = tile[r * TILE + s]!;
        }
      }
    }
  }
}

export function createJsKernels(): Kernels {
  const convolution = conv2dViaMatmul(matmulJs);
  return { name: 'js', matmul: matmulJs, ...convolution, ...conv2dBackwardVia(convolution), ...denseViaMatmul(matmulJs) };
}
