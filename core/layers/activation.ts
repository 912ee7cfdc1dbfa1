/**
 * Activation layer: y = f(z) elementwise (softmax along the last axis), dz = f'(z) ⊙ dy, with f and f'
 * from TEXTBOOK §2 (core/activations.ts). It caches y only: every f' there is a function of y.
 *
 * `FusedActivation` is the same step applied inside a weighted layer (`{ type: 'dense', activation }`):
 * f runs in place over the layer's fresh pre-activation buffer, so it costs no extra tensor.
 */
import { Tensor, allocate, sameShape } from '../tensor.js';
import { defaultLeakySlope } from '../activations.js';
import type { ActivationName } from '../spec.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';
import { activationBackward, activationForward } from '../kernels/activate.js';

/** Also what a weighted layer hands its kernels as its fused activation (kernels.ts KernelActivation). */
export class FusedActivation {
  /** dz scratch, reused: it lives only inside one backward call. */
  private gradientScratch: Tensor | null = null;

  constructor(readonly fn: ActivationName, readonly alpha = defaultLeakySlope) {}

  /** z ← f(z), in place; returns z. */
  applyInPlace(z: Tensor): Tensor {
    activationForward(this.fn, this.alpha, z.data, z.data, z.shape);
    return z;
  }

  /** dz = f'(z) ⊙ dy from the cached y = f(z); valid until the next call. */
  backward(y: Tensor, dy: Tensor): Tensor {
    let dz = this.gradientScratch;
    if (!dz || dz.dtype !== dy.dtype || !sameShape(dz.shape, dy.shape)) {
      dz = new Tensor(dy.shape, allocate(dy.dtype, dy.size));
      this.gradientScratch = dz;
    }
    activationBackward(this.fn, this.alpha, y.data, dy.data, dz.data, y.shape);
    return dz;
  }
}

export class ActivationLayer implements Layer {
  readonly type = 'activation';
  readonly outputShape: readonly number[];
  private output: Tensor | null = null;
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(readonly inputShape: readonly number[], readonly fn: ActivationName, readonly alpha = defaultLeakySlope) {
    this.outputShape = inputShape;
  }

  params(): Param[] {
    return [];
  }

  buffers(): Buffer[] {
    return [];
  }

  forward(z: Tensor, context: LayerContext): Tensor {
    const y = new Tensor(z.shape, this.outputs.take(z.size, z.dtype, context.reuseBuffers));
    // ReLU inside the provider where it has it (the simd module, float32), else relu32.ts's loop.
    const native = this.fn === 'relu' ? context.kernels.reluForward : undefined;
    if (native && z.data instanceof Float32Array && y.data instanceof Float32Array) native(z.data, y.data);
    else activationForward(this.fn, this.alpha, z.data, y.data, z.shape);
    this.output = y;
    return y;
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const y = this.output;
    if (!y) throw new Error('activation: backward called before forward');
    const dz = new Tensor(dy.shape, this.gradients.take(dy.size, dy.dtype, context.reuseBuffers));
    const native = this.fn === 'relu' ? context.kernels.reluBackward : undefined;
    if (native && y.data instanceof Float32Array && dy.data instanceof Float32Array && dz.data instanceof Float32Array) native(y.data, dy.data, dz.data);
    else activationBackward(this.fn, this.alpha, y.data, dy.data, dz.data, y.shape);
    return dz;
  }
}
