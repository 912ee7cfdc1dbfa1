/**
 * Activation layer: y = f(z) elementwise (softmax along the last axis), dz = f'(z) ⊙ dy, with f and f'
 * from TEXTBOOK §2 (core/activations.ts). It caches y only: every f' there is a function of y.
 *
 * `FusedActivation` is the same step applied inside a weighted layer (`{ type: 'dense', activation }`):
 * f runs in place over the layer's fresh pre-activation buffer, so it costs no extra tensor.
 */
import { Tensor, allocate, sameShape, type TensorData } from '../tensor.js';
import { activations, defaultLeakySlope, rowLengthOf, type ActivationArrays } from '../activations.js';
import type { ActivationName } from '../spec.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';
import { reluBackward32, reluForward32 } from '../kernels/relu32.js';

/** f and f' over arrays, with ReLU on float32 taking the branch-free path of relu32.ts. */
function forwardArrays(arrays: ActivationArrays, fn: ActivationName, z: Tensor, y: TensorData, alpha: number): void {
  if (fn === 'relu' && z.data instanceof Float32Array && y instanceof Float32Array) reluForward32(z.data, y);
  else arrays.forward(z.data, y, rowLengthOf(z.shape), alpha);
}

function backwardArrays(arrays: ActivationArrays, fn: ActivationName, y: Tensor, dy: Tensor, dz: TensorData, alpha: number): void {
  if (fn === 'relu' && y.data instanceof Float32Array && dy.data instanceof Float32Array && dz instanceof Float32Array) {
    reluBackward32(y.data, dy.data, dz);
  } else {
    arrays.backward(y.data, dy.data, dz, rowLengthOf(y.shape), alpha);
  }
}

export class FusedActivation {
  private readonly arrays: ActivationArrays;
  /** dz scratch, reused: it lives only inside one backward call. */
  private gradientScratch: Tensor | null = null;

  constructor(readonly fn: ActivationName, readonly alpha = defaultLeakySlope) {
    this.arrays = activations[fn].arrays;
  }

  /** z ← f(z), in place; returns z. */
  applyInPlace(z: Tensor): Tensor {
    forwardArrays(this.arrays, this.fn, z, z.data, this.alpha);
    return z;
  }

  /** dz = f'(z) ⊙ dy from the cached y = f(z); valid until the next call. */
  backward(y: Tensor, dy: Tensor): Tensor {
    let dz = this.gradientScratch;
    if (!dz || dz.dtype !== dy.dtype || !sameShape(dz.shape, dy.shape)) {
      dz = new Tensor(dy.shape, allocate(dy.dtype, dy.size));
      this.gradientScratch = dz;
    }
    backwardArrays(this.arrays, this.fn, y, dy, dz.data, this.alpha);
    return dz;
  }
}

export class ActivationLayer implements Layer {
  readonly type = 'activation';
  readonly outputShape: readonly number[];
  private readonly arrays: ActivationArrays;
  private output: Tensor | null = null;
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(readonly inputShape: readonly number[], readonly fn: ActivationName, readonly alpha = defaultLeakySlope) {
    this.outputShape = inputShape;
    this.arrays = activations[fn].arrays;
  }

  params(): Param[] {
    return [];
  }

  buffers(): Buffer[] {
    return [];
  }

  forward(z: Tensor, context: LayerContext): Tensor {
    const y = new Tensor(z.shape, this.outputs.take(z.size, z.dtype, context.reuseBuffers));
    forwardArrays(this.arrays, this.fn, z, y.data, this.alpha);
    this.output = y;
    return y;
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const y = this.output;
    if (!y) throw new Error('activation: backward called before forward');
    const dz = new Tensor(dy.shape, this.gradients.take(dy.size, dy.dtype, context.reuseBuffers));
    backwardArrays(this.arrays, this.fn, y, dy, dz.data, this.alpha);
    return dz;
  }
}
