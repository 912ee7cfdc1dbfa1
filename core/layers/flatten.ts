/**
 * Flatten, TEXTBOOK §1 (seed 000 §1.2.3): [m, d1, d2, …] → [m, d1·d2·…] in row-major order; the
 * backward pass reshapes dY back. Both are views of the same buffer: nothing is copied.
 */
import { type Tensor, shapeSize } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';

export class FlattenLayer implements Layer {
  readonly type = 'flatten';
  readonly outputShape: readonly number[];

  constructor(readonly inputShape: readonly number[]) {
    this.outputShape = [shapeSize(inputShape)];
  }

  params(): Param[] {
    return [];
  }

  buffers(): Buffer[] {
    return [];
  }

  forward(x: Tensor, _context: LayerContext): Tensor {
    return x.reshape([x.shape[0]!, this.outputShape[0]!]);
  }

  backward(dy: Tensor, _context: LayerContext): Tensor {
    return dy.reshape([dy.shape[0]!, ...this.inputShape]);
  }
}
