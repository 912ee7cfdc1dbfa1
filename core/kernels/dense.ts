/**
 * A dense layer's two passes as kernel calls (TEXTBOOK §1; the layer is core/layers/dense.ts):
 *
 *   denseForward    Y = f(X·W + B)             X [m, k], W [k, n], B [n] added to every row
 *   denseBackward   dZ = f'(Z) ⊙ dY            from the cached Y (every f' here is a function of Y)
 *                   dW = Xᵀ·dZ,  dB = Σ_rows dZ,  dX = dZ·Wᵀ
 *
 * They are kernel calls, not layer code, so that a provider can run the bias, f and f' next to the
 * products while the values are in cache and in its own memory (the `simd` provider does it inside
 * its module, simd/provider.ts). `denseViaMatmul` is the definition every other provider uses: the
 * provider's matmul, then the bias, f and f' as plain loops (activate.ts).
 */
import { Tensor, type TensorData } from '../tensor.js';
import { scratchBuffer } from './scratch.js';
import { matmulSizes, resultBuffer, type Kernels, type KernelActivation } from './kernels.js';
import { activationBackward, activationForward } from './activate.js';
import type { MatmulFunction } from './im2col.js';

export interface DenseBackwardPass {
  /** The forward pass's input [m, k], weight [k, n] and output Y [m, n]. */
  x: Tensor;
  w: Tensor;
  y: Tensor;
  /** dL/dY [m, n]. */
  dy: Tensor;
  activation: KernelActivation | null;
  /** Written (not accumulated): dW (k·n values) and dB (n values). */
  gradWeight: TensorData;
  gradBias: TensorData;
  /** dX = dZ·Wᵀ is written here (m·k values); undefined: into a fresh buffer; null: not computed. */
  dx?: TensorData | null;
}

export type DenseKernels = Pick<Kernels, 'denseForward' | 'denseBackward'>;

/** Checks the operands of a dense pass; returns m, k, n. */
export function denseSizes(x: Tensor, w: Tensor, bias: TensorData): { m: number; k: number; n: number } {
  const sizes = matmulSizes(x, w);
  if (bias.length !== sizes.n) {
    throw new Error(`dense: the bias holds ${bias.length} values but the weight [${w.shape.join(', ')}] has ${sizes.n} columns`);
  }
  return sizes;
}

/** Checks a backward pass's operands and buffers; returns m, k, n. */
export function checkDenseBackward(pass: DenseBackwardPass): { m: number; k: number; n: number } {
  const { m, k, n } = denseSizes(pass.x, pass.w, pass.gradBias);
  for (const [what, t] of [['y', pass.y], ['dy', pass.dy]] as const) {
    if (t.size !== m * n) throw new Error(`denseBackward: ${what} [${t.shape.join(', ')}] should hold ${m}×${n} values`);
  }
  resultBuffer(pass.gradWeight, k * n, pass.x.data, 'denseBackward');
  return { m, k, n };
}

/** The dZ buffer of one denseBackward (it lives only inside the call). */
const gradientScratch = scratchBuffer();

export function denseViaMatmul(matmul: MatmulFunction): DenseKernels {
  return {
    denseForward(x, w, bias, activation, out) {
      const { m, n } = denseSizes(x, w, bias.data);
      const z = matmul(x, w);
      const y = out ? resultBuffer(out, m * n, x.data, 'denseForward') : z.data;
      addRowVector(z.data, bias.data, y, m, n);
      if (activation) activationForward(activation.fn, activation.alpha, y, y, z.shape);
      return new Tensor([m, n], y);
    },
    denseBackward(pass) {
      const { x, w, y, dy, activation } = pass;
      const { m, k, n } = checkDenseBackward(pass);
      let dz = dy;
      if (activation) {
        dz = new Tensor(dy.shape, gradientScratch(dy.data, dy.size));
        activationBackward(activation.fn, activation.alpha, y.data, dy.data, dz.data, dy.shape);
      }
      pass.gradWeight.set(matmul(x, dz, { transA: true }).data);
      sumRows(dz.data, pass.gradBias, m, n);
      if (pass.dx === null) return null;
      const dx = matmul(dz, w, { transB: true });
      if (!pass.dx) return dx;
      resultBuffer(pass.dx, m * k, dy.data, 'denseBackward').set(dx.data);
      return new Tensor([m, k], pass.dx);
    },
  };
}

/** y[i, j] = z[i, j] + b[j] (y may be z). */
function addRowVector(z: TensorData, b: TensorData, y: TensorData, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) y[row + j] = z[row + j]! + b[j]!;
  }
}

/** out[j] = Σ_i dz[i, j], written (not accumulated). */
function sumRows(dz: TensorData, out: TensorData, m: number, n: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += dz[row + j]!;
  }
}
