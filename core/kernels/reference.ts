/**
 * The reference provider: plain TypeScript, float32 or float64 (output follows the first operand).
 * It is the oracle every other provider is tested against, so it favours being obviously right;
 * the loop order (i, p, j) streams rows of B and C for speed without changing the arithmetic.
 */
import { Tensor, allocate } from '../tensor.js';
import { matmulSizes, type Kernels, type MatmulOptions } from './kernels.js';
import { conv2dViaMatmul } from './im2col.js';
import { denseViaMatmul } from './dense.js';
import { conv2dBackwardVia } from './conv-backward.js';

export function matmulReference(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
  const { transA = false, transB = false } = options;
  const { m, k, n } = matmulSizes(a, b, options);
  const aCols = a.shape[1]!;
  const bCols = b.shape[1]!;
  const A = a.data;
  const B = b.data;
  const C = allocate(a.dtype, m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = transA ? A[p * aCols + i]! : A[i * aCols + p]!;
      if (transB) {
        for (let j = 0; j < n; j++) C[cRow + j]! += aip * B[j * bCols + p]!;
      } else {
        const bRow = p * bCols;
        for (let j = 0; j < n; j++) C[cRow + j]! += aip * B[bRow + j]!;
      }
    }
  }
  return new Tensor([m, n], C);
}

export function createReferenceKernels(): Kernels {
  const convolution = conv2dViaMatmul(matmulReference);
  return { name: 'reference', matmul: matmulReference, ...convolution, ...conv2dBackwardVia(convolution), ...denseViaMatmul(matmulReference) };
}
