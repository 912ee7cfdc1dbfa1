/**
 * Global average pooling, TEXTBOOK §1 (seed 000 (1.6) with the window = the whole plane):
 *
 *   forward   y[n,c] = (1/(H·W)) Σ_{i,j} x[n,c,i,j]          [N, C, H, W] → [N, C]
 *   backward  dx[n,c,i,j] = dy[n,c]/(H·W)
 *
 * Any per-sample input [C, ...spatial] works (e.g. [C, L] after a 1-D convolution).
 */
import { Tensor, shapeSize } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';

export class GlobalAvgPoolLayer implements Layer {
  readonly type = 'globalavgpool';
  readonly outputShape: readonly number[];
  private readonly plane: number;
  private batch = 0;
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(readonly inputShape: readonly number[]) {
    this.outputShape = [inputShape[0]!];
    this.plane = shapeSize(inputShape.slice(1));
  }

  params(): Param[] {
    return [];
  }

  buffers(): Buffer[] {
    return [];
  }

  forward(x: Tensor, context: LayerContext): Tensor {
    const batch = x.shape[0]!;
    const planes = batch * this.inputShape[0]!;
    const plane = this.plane;
    const y = this.outputs.take(planes, x.dtype, context.reuseBuffers);
    for (let p = 0; p < planes; p++) {
      let sum = 0;
      for (let k = p * plane; k < (p + 1) * plane; k++) sum += x.data[k]!;
      y[p] = sum / plane;
    }
    this.batch = batch;
    return new Tensor([batch, ...this.outputShape], y);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    if (context.inputGradient === false) return Tensor.zeros([0], dy.dtype);
    const plane = this.plane;
    const d = this.gradients.take(dy.size * plane, dy.dtype, context.reuseBuffers);
    for (let p = 0; p < dy.size; p++) d.fill(dy.data[p]! / plane, p * plane, (p + 1) * plane);
    const dx = new Tensor([this.batch, ...this.inputShape], d);
    return dx;
  }
}
