/**
 * Dropout, TEXTBOOK §1 (seed 000 (1.16), seed 004 §2.3). keep = p is the probability a unit is kept;
 * the mask r ~ Bernoulli(p) is drawn from the seeded Rng for every training batch.
 *
 *   inverted (default)  train: y = r ⊙ x / p     test: y = x       so the test pass needs no change
 *   classic             train: y = r ⊙ x         test: y = p · x   (the expected value of training)
 *   backward            dx = dy ⊙ (the same factor the forward pass applied)
 *
 * Caches the factor per unit (r/p or r in training; a constant at test time).
 */
import { Tensor, allocate, type TensorData } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';

export type DropoutMode = 'inverted' | 'classic';

export class DropoutLayer implements Layer {
  readonly type = 'dropout';
  readonly outputShape: readonly number[];
  /** Per-unit factor of the last training pass, or null after a test pass (factor = testScale). */
  private mask: TensorData | null = null;
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(readonly inputShape: readonly number[], readonly keep: number, readonly mode: DropoutMode = 'inverted') {
    this.outputShape = inputShape;
  }

  params(): Param[] {
    return [];
  }

  buffers(): Buffer[] {
    return [];
  }

  /** The test-time factor: 1 for inverted dropout, p for classic. */
  get testScale(): number {
    return this.mode === 'classic' ? this.keep : 1;
  }

  forward(x: Tensor, context: LayerContext): Tensor {
    if (!context.training) {
      this.mask = null;
      return this.testScale === 1 ? x : scaled(x, this.testScale);
    }
    const kept = this.mode === 'inverted' ? 1 / this.keep : 1;
    const mask = this.mask?.length === x.size && sameKind(this.mask, x.data) ? this.mask : allocate(x.dtype, x.size);
    const y = this.outputs.take(x.size, x.dtype, context.reuseBuffers);
    const { rng } = context;
    for (let i = 0; i < x.size; i++) {
      const factor = rng.next() < this.keep ? kept : 0;
      mask[i] = factor;
      y[i] = x.data[i]! * factor;
    }
    this.mask = mask;
    return new Tensor(x.shape, y);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const mask = this.mask;
    if (!mask) return this.testScale === 1 ? dy : scaled(dy, this.testScale);
    const dx = this.gradients.take(dy.size, dy.dtype, context.reuseBuffers);
    for (let i = 0; i < dx.length; i++) dx[i] = dy.data[i]! * mask[i]!;
    return new Tensor(dy.shape, dx);
  }
}

function scaled(x: Tensor, factor: number): Tensor {
  const y = allocate(x.dtype, x.size);
  for (let i = 0; i < y.length; i++) y[i] = x.data[i]! * factor;
  return new Tensor(x.shape, y);
}

function sameKind(a: TensorData, b: TensorData): boolean {
  return a instanceof Float64Array === b instanceof Float64Array;
}
