/**
 * The kernel interface: the only heavy primitives the engine asks a tensor library for.
 * matmul is the primitive every provider must supply; convolution forward and both gradients default
 * to im2col/col2im around matmul (see im2col.ts), and a provider may replace them with native kernels.
 * Layers, losses, optimizers and the backward pass never reach a provider for anything else.
 */
import type { Tensor, TensorData } from '../tensor.js';
import { biasReluPlanes32 } from './relu32.js';

import type { ProviderName } from '../names.js';
import type { DenseBackwardPass } from './dense.js';
import type { Conv2dBackwardPass } from './conv-backward.js';
import type { BatchNormBackwardPass, BatchNormForwardPass, BatchNormStatisticsPass } from './batchnorm.js';
import type { ActivationName } from '../names.js';
import { formatMessage, type MessageData } from '../messages.js';

export type { ProviderName } from '../names.js';

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
  /**
   * y[N,O,Ho,Wo] = cross-correlation of x[N,C,H,W] with w[O,C,kh,kw] (no bias). With `out` (exactly
   * N·O·Ho·Wo values, the dtype of x) the result is written there and returned as its data, so a caller
   * that reuses its buffers between passes allocates nothing; without it the result is a fresh buffer.
   * With `epilogue` the per-channel bias (and ReLU) are applied to the result too, fused into the
   * convolution where the provider can (XNNPACK on wasm), else by applyConvEpilogue. A wrapper around
   * a provider must pass both on: the convolution layer relies on the epilogue being applied.
   */
  conv2d(x: Tensor, w: Tensor, geometry: Conv2dGeometry, out?: TensorData, epilogue?: Conv2dEpilogue): Tensor;
  /** dx[N,C,H,W] from dy[N,O,Ho,Wo] and w; `out` (N·C·H·W values, the dtype of dy) as for conv2d. */
  conv2dGradInput(dy: Tensor, w: Tensor, geometry: Conv2dGeometry, out?: TensorData): Tensor;
  /** dw[O,C,kh,kw] from x and dy. */
  conv2dGradFilter(x: Tensor, dy: Tensor, geometry: Conv2dGeometry): Tensor;
  /**
   * A convolution layer's backward pass (conv-backward.ts): f', the bias gradient, dw and dx in one
   * call; writes dw and db into the pass's buffers and returns dx (null when the pass asks for none).
   */
  conv2dBackward(pass: Conv2dBackwardPass): Tensor | null;
  /**
   * A dense layer's forward pass Y = f(X·W + B) (dense.ts): x [m, k], w [k, n], bias [n], f the fused
   * activation or none. With `out` (m·n values, the dtype of x) the result is written there.
   */
  denseForward(x: Tensor, w: Tensor, bias: Tensor, activation: KernelActivation | null, out?: TensorData): Tensor;
  /**
   * Its backward pass (dense.ts): writes dW and dB into the pass's buffers and returns dX (null when
   * the pass asks for none).
   */
  denseBackward(pass: DenseBackwardPass): Tensor | null;
  /**
   * θ ← θ − η·g over float32 values (core/optim/sgd.ts), for a provider that runs optimizer updates
   * itself; absent: the optimizer's own loop runs. Likewise Adam's update (core/optim/adam.ts), which
   * also updates its moments m and v in place.
   */
  sgdUpdate?(theta: Float32Array, grad: Float32Array, lr: number): void;
  /**
   * 2×2 max pooling with stride 2 over float32 planes [planes, height, width] (core/layers/maxpool2d.ts
   * has the definition), for a provider that runs it itself: y and each window's flat arg-max index; and
   * its backward pass dx = 0, dx[argmax[k]] += dy[k]. Absent: the layer's own loops run.
   */
  maxPool2x2?(x: Float32Array, y: Float32Array, argmax: Int32Array, planes: number, height: number, width: number, outHeight: number, outWidth: number): void;
  maxPoolBackward?(dy: Float32Array, argmax: Int32Array, dx: Float32Array): void;
  adamUpdate?(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, step: AdamStep): void;
  /**
   * Batch normalisation's passes over float32 buffers (batchnorm.ts has the definition and, in
   * batchNormPasses, what runs where one is absent: the definition's loops): forward; the training
   * statistics alone; backward; and backward's two halves, the float64 gradient sums and dx from given
   * per-channel coefficients, which a batch split across threads runs with the batch's sums between.
   */
  batchNormForward?(pass: BatchNormForwardPass<Float32Array>): void;
  batchNormStatistics?(pass: BatchNormStatisticsPass<Float32Array>): void;
  batchNormBackward?(pass: BatchNormBackwardPass<Float32Array>): void;
  batchNormGradientSums?(pass: BatchNormBackwardPass<Float32Array>, sums: Float64Array): void;
  batchNormInputGradient?(pass: BatchNormBackwardPass<Float32Array>, coefficients: Float64Array): void;
  /**
   * ReLU y = max(0, z) and its gradient dz = dy ⊙ [y > 0] over float32 arrays, bit for bit as relu32.ts
   * defines them, for a provider that runs them itself. Absent: relu32.ts's loops run.
   */
  reluForward?(z: Float32Array, y: Float32Array): void;
  reluBackward?(y: Float32Array, dy: Float32Array, dz: Float32Array): void;
  /** Releases whatever the provider holds (tfjs backends); the provider is unusable afterwards. */
  dispose?(): void;
  /** Threads the provider's own kernels use (the `simd` provider), when more than one. */
  readonly threads?: number;
  /** When the provider splits a call between its threads, and the measurement that decided it (a `provider.simd-split-*` message). */
  readonly splitRule?: MessageData;
  /** The `simd` provider: whether its products run on fused multiply-adds (the relaxed-SIMD build). */
  readonly fma?: boolean;
}

/** The activation fused into a weighted layer (dense, convolution); α is leaky ReLU's slope (ignored by the others). */
export interface KernelActivation {
  readonly fn: ActivationName;
  readonly alpha: number;
}

/** The scalars of one Adam step (core/optim/adam.ts): stepSize = η/(1 − β₁ᵗ), secondScale = 1/(1 − β₂ᵗ). */
export interface AdamStep {
  stepSize: number;
  secondScale: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** y[n, o, ·] ← y[n, o, ·] + bias[o], then max(0, ·) when `relu`: a convolution layer's own epilogue. */
export interface Conv2dEpilogue {
  bias: Tensor;
  relu: boolean;
}

/** Applies an epilogue to y [N, O, Ho, Wo] in place (the providers that cannot fuse it). */
export function applyConvEpilogue(y: TensorData, epilogue: Conv2dEpilogue, g: Conv2dGeometry): void {
  const plane = g.outHeight * g.outWidth;
  const bias = epilogue.bias.data;
  if (epilogue.relu && y instanceof Float32Array) {
    biasReluPlanes32(y, bias, g.outChannels, plane);
    return;
  }
  for (let q = 0, at = 0; q < g.batch * g.outChannels; q++) {
    const b = bias[q % g.outChannels]!;
    for (const end = at + plane; at < end; at++) {
      const v = y[at]! + b;
      y[at] = epilogue.relu && !(v > 0) ? 0 : v;
    }
  }
}

/**
 * What detection found for one provider: usable, or the reason it is not. The reason and the detail are
 * data (`reasonData`, `detailData`: codes of core/messages.ts) that the app words in its language;
 * `reason` and `detail` are their English text (formatMessage), for the CLI and logs.
 */
export interface ProviderStatus {
  name: ProviderName;
  available: boolean;
  /** Why not, when unavailable (e.g. "@tensorflow/tfjs-node-gpu is not installed"). */
  reason?: string;
  reasonData?: MessageData;
  /** Backend details when available (e.g. "TensorFlow native, CUDA"): its parts joined by "; ". */
  detail?: string;
  detailData?: MessageData[];
}

/** An available provider's status, its detail worded from `parts`. */
export function availableStatus(name: ProviderName, parts: MessageData[]): ProviderStatus {
  return { name, available: true, detail: parts.map((part) => formatMessage(part.code, part.params)).join('; '), detailData: parts };
}

/** An unavailable provider's status, its reason worded from `why`. */
export function unavailableStatus(name: ProviderName, why: MessageData): ProviderStatus {
  return { name, available: false, reason: formatMessage(why.code, why.params), reasonData: why };
}

/** `out` when given (checked against the size and dtype a result needs), else a fresh buffer. */
export function resultBuffer(out: TensorData | undefined, size: number, like: TensorData, op: string): TensorData {
  if (!out) return like instanceof Float64Array ? new Float64Array(size) : new Float32Array(size);
  if (out.length !== size || (out instanceof Float64Array) !== (like instanceof Float64Array)) {
    throw new Error(
      `${op}: the output buffer holds ${out.length} ${out instanceof Float64Array ? 'float64' : 'float32'} values ` +
        `but the result is ${size} ${like instanceof Float64Array ? 'float64' : 'float32'} values`,
    );
  }
  return out;
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

/** The sizes of C = op(A)·op(B): m×k · k×n. Throws when an operand is not 2-D or the inner sizes differ. */
export function matmulSizes(a: Tensor, b: Tensor, options: MatmulOptions = {}): { m: number; k: number; n: number } {
  const { transA = false, transB = false } = options;
  if (a.shape.length !== 2 || b.shape.length !== 2) {
    throw new Error(`matmul: operands must be 2-D, got [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  const [aRows, aCols] = a.shape as [number, number];
  const [bRows, bCols] = b.shape as [number, number];
  const m = transA ? aCols : aRows;
  const k = transA ? aRows : aCols;
  const kB = transB ? bCols : bRows;
  const n = transB ? bRows : bCols;
  if (k !== kB) throw new Error(`matmul: inner sizes differ (${m}×${k} · ${kB}×${n})`);
  return { m, k, n };
}
