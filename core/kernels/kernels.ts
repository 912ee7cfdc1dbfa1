/**
 * The kernel interface: the only heavy primitives the engine asks a tensor library for.
 * matmul is the primitive every provider must supply; convolution forward and both gradients default
 * to im2col/col2im around matmul (see im2col.ts), and a provider may replace them with native kernels.
 * Layers, losses, optimizers and the backward pass never reach a provider for anything else.
 */
import type { Tensor } from '../tensor.js';

export type ProviderName = 'reference' | 'js' | 'wasm' | 'tfjs-node' | 'tfjs-node-gpu';

export interface MatmulOptions {
  /** Use Aᵀ: `a` is stored [k, m]. */
  transA?: boolean;
  /** Use Bᵀ: `b` is stored [n, k]. */
  transB?: boolean;
}

/** Everything a 2-D convolution needs to know; out = floor((n + 2p − k)/s) + 1 per spatial axis. */
export interface Conv2dGeometry {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strideHeight: number;
  strideWidth: number;
  padHeight: number;
  padWidth: number;
  outHeight: number;
  outWidth: number;
}

export interface Kernels {
  readonly name: ProviderName;
  /**
   * C = op(A)·op(B), a 2-D product; result dtype follows `a`. Returns a new tensor and keeps no
   * reference to `a` or `b` once it returns (callers may pass reused scratch buffers).
   */
  matmul(a: Tensor, b: Tensor, options?: MatmulOptions): Tensor;
  /** y[N,O,Ho,Wo] = cross-correlation of x[N,C,H,W] with w[O,C,kh,kw] (no bias). */
  conv2d(x: Tensor, w: Tensor, geometry: Conv2dGeometry): Tensor;
  /** dx[N,C,H,W] from dy[N,O,Ho,Wo] and w. */
  conv2dGradInput(dy: Tensor, w: Tensor, geometry: Conv2dGeometry): Tensor;
  /** dw[O,C,kh,kw] from x and dy. */
  conv2dGradFilter(x: Tensor, dy: Tensor, geometry: Conv2dGeometry): Tensor;
  /** Releases whatever the provider holds (tfjs backends); the provider is unusable afterwards. */
  dispose?(): void;
}

/** What detection found for one provider: usable, or the reason it is not. */
export interface ProviderStatus {
  name: ProviderName;
  available: boolean;
  /** Why not, when unavailable (e.g. "@tensorflow/tfjs-node-gpu is not installed"). */
  reason?: string;
  /** Backend details when available (e.g. "CUDA", "WASM SIMD, 2 threads"). */
  detail?: string;
}

export function convOutputSize(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/** The geometry of a convolution of x [N, C, H, W] with w [O, C, kh, kw]; throws when the output is empty. */
export function conv2dGeometry(
  inputShape: readonly number[],
  filterShape: readonly number[],
  stride: number | readonly [number, number] = 1,
  padding: number | readonly [number, number] = 0,
): Conv2dGeometry {
  const [batch = 0, inChannels = 0, inHeight = 0, inWidth = 0] = inputShape;
  const [outChannels = 0, filterChannels = 0, kernelHeight = 0, kernelWidth = 0] = filterShape;
  const [strideHeight, strideWidth] = typeof stride === 'number' ? [stride, stride] : stride;
  const [padHeight, padWidth] = typeof padding === 'number' ? [padding, padding] : padding;
  if (inputShape.length !== 4 || filterShape.length !== 4 || filterChannels !== inChannels) {
    throw new Error(
      `conv2d: input [${inputShape.join(', ')}] and filter [${filterShape.join(', ')}] must be [N, C, H, W] and [O, C, kh, kw] with the same C`,
    );
  }
  const outHeight = convOutputSize(inHeight, kernelHeight, strideHeight, padHeight);
  const outWidth = convOutputSize(inWidth, kernelWidth, strideWidth, padWidth);
  if (outHeight < 1 || outWidth < 1) {
    throw new Error(
      `conv2d: output would be ${outHeight}×${outWidth} for input ${inHeight}×${inWidth}, kernel ${kernelHeight}×${kernelWidth}, stride ${strideHeight}×${strideWidth}, padding ${padHeight}×${padWidth}`,
    );
  }
  return {
    batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
    strideHeight, strideWidth, padHeight, padWidth, outHeight, outWidth,
  };
}
