/**
 * Average pooling, TEXTBOOK §1 (seed 000 (1.6)): each output is the mean of its window,
 *
 *   forward   y[n,c,i,j] = (1/(k_h·k_w)) Σ_{u<k_h, v<k_w} x[n, c, i·s_h + u, j·s_w + v]
 *   backward  dx[n, c, i·s_h + u, j·s_w + v] += dy[n,c,i,j]/(k_h·k_w)   (spread evenly; overlaps add)
 *
 * Caches only the batch size. No padding; the stride defaults to the pool size.
 */
import { Tensor } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';
import type { PoolSettings } from './maxpool2d.js';

export class AvgPool2dLayer implements Layer {
  readonly type = 'avgpool2d';
  private batch = 0;
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(readonly inputShape: readonly number[], readonly outputShape: readonly number[], readonly settings: PoolSettings) {}

  params(): Param[] {
    return [];
  }

  buffers(): Buffer[] {
    return [];
  }

  forward(x: Tensor, context: LayerContext): Tensor {
    const [channels, height, width] = this.inputShape as [number, number, number];
    const [, outHeight, outWidth] = this.outputShape as [number, number, number];
    const [poolHeight, poolWidth] = this.settings.pool;
    const [strideHeight, strideWidth] = this.settings.stride;
    const batch = x.shape[0]!;
    const planes = batch * channels;
    const scale = 1 / (poolHeight * poolWidth);
    const y = this.outputs.take(planes * outHeight * outWidth, x.dtype, context.reuseBuffers);
    const xs = x.data;
    let out = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * height * width;
      for (let i = 0; i < outHeight; i++) {
        for (let j = 0; j < outWidth; j++) {
          let sum = 0;
          for (let u = 0; u < poolHeight; u++) {
            const row = base + (i * strideHeight + u) * width + j * strideWidth;
            for (let v = 0; v < poolWidth; v++) sum += xs[row + v]!;
          }
          y[out++] = sum * scale;
        }
      }
    }
    this.batch = batch;
    return new Tensor([batch, ...this.outputShape], y);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    if (context.inputGradient === false) return Tensor.zeros([0], dy.dtype);
    const [channels, height, width] = this.inputShape as [number, number, number];
    const [, outHeight, outWidth] = this.outputShape as [number, number, number];
    const [poolHeight, poolWidth] = this.settings.pool;
    const [strideHeight, strideWidth] = this.settings.stride;
    const planes = this.batch * channels;
    const scale = 1 / (poolHeight * poolWidth);
    const d = this.gradients.takeZeroed(planes * height * width, dy.dtype, context.reuseBuffers);
    const dx = new Tensor([this.batch, ...this.inputShape], d);
    let out = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * height * width;
      for (let i = 0; i < outHeight; i++) {
        for (let j = 0; j < outWidth; j++) {
          const share = dy.data[out++]! * scale;
          for (let u = 0; u < poolHeight; u++) {
            const row = base + (i * strideHeight + u) * width + j * strideWidth;
            for (let v = 0; v < poolWidth; v++) d[row + v]! += share;
          }
        }
      }
    }
    return dx;
  }
}
