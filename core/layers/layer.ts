/**
 * The layer contract. forward(x) computes the output and caches what backward needs; backward(dy)
 * returns dL/dx and WRITES (does not accumulate) dL/dθ into each parameter's `grad`.
 * Shapes include the batch axis; `outputShape` is per sample (without the batch axis).
 * Dense and convolution layers add the bias and apply a fused activation in place over the tensor a
 * kernel returns, so they rely on every kernel result being a fresh buffer the caller owns.
 */
import type { Tensor } from '../tensor.js';
import type { Kernels } from '../kernels/kernels.js';
import type { UniformSource } from '../random.js';
import type { BatchReducer } from './batch-statistics.js';

export interface Param {
  /** Local name inside the layer: 'weight', 'bias', 'gamma', 'beta'. The model prefixes `layers.<i>.`. */
  name: string;
  value: Tensor;
  grad: Tensor;
  /** True for weights penalised by L1/L2 regularisation; biases, γ and β are not (TEXTBOOK §7). */
  regularised: boolean;
}

/** Non-trainable state saved with the model (BatchNorm running mean and variance). */
export interface Buffer {
  name: string;
  value: Tensor;
}

export interface LayerContext {
  kernels: Kernels;
  /** Training mode: dropout draws masks, batch norm uses batch statistics and updates running ones. */
  training: boolean;
  /** Source of randomness for dropout masks. */
  rng: UniformSource;
  /**
   * Set when this pass computes one slice of a batch split across threads (main/parallel): BatchNorm's
   * training pass then uses the whole batch's statistics through it. Absent: the pass is the whole batch.
   */
  batchStatistics?: BatchReducer;
  /**
   * False when nobody needs dL/dx (the first layer of a model during training): a layer may then skip
   * computing it and return an empty tensor of shape [0]. True unless told.
   */
  inputGradient?: boolean;
  /**
   * The tensors of this pass are consumed before the next pass (trainStep): a layer may then reuse its
   * output and gradient buffers from the previous pass instead of allocating (see scratch.ts). False
   * unless told, so outputs a caller keeps are never overwritten.
   */
  reuseBuffers?: boolean;
}

export interface Layer {
  /** The spec `type` this layer was built from, e.g. 'dense'. */
  readonly type: string;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  params(): Param[];
  buffers(): Buffer[];
  forward(x: Tensor, context: LayerContext): Tensor;
  backward(dy: Tensor, context: LayerContext): Tensor;
}
