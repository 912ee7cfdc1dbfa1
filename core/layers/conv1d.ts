/**
 * 1-D convolution layer (cross-correlation; TEXTBOOK §1, seed 000 (1.2)):
 *
 *   forward   y[n,o,t] = Σ_c Σ_k w[o,c,k] · x[n, c, t·s − p + k] + b[o],   out = floor((L + 2p − K)/s) + 1
 *   backward  db[o] = Σ_{n,t} dz[n,o,t];  dw[o,c,k] = Σ_{n,t} dz[n,o,t] · x[n, c, t·s − p + k];
 *             dx[n,c,t·s − p + k] += Σ_o w[o,c,k] · dz[n,o,t]
 *
 * It is the 2-D convolution with height 1: x [N, C, L] is viewed as [N, C, 1, L] and the filter
 * [O, C, K] as [O, C, 1, K] (same buffers, no copy), stride (1, s), padding (0, p).
 */
import { Tensor, type DType } from '../tensor.js';
import { Conv2dLayer } from './conv2d.js';
import type { FusedActivation } from './activation.js';

export class Conv1dLayer extends Conv2dLayer {
  override readonly type: string = 'conv1d';
  private readonly filterView: Tensor;

  constructor(
    inputShape: readonly number[],
    outputShape: readonly number[],
    stride: number,
    padding: number,
    weight: Tensor,
    dtype: DType,
    activation: FusedActivation | null,
  ) {
    const [filters, channels, kernel] = weight.shape as [number, number, number];
    super(inputShape, outputShape, { kernel: [1, kernel], stride: [1, stride], padding: [0, padding] }, weight, dtype, activation);
    this.filterView = new Tensor([filters, channels, 1, kernel], weight.data);
  }

  protected override filter4d(): Tensor {
    return this.filterView;
  }

  protected override input4d(x: Tensor): Tensor {
    const [batch, channels, length] = x.shape as [number, number, number];
    return x.reshape([batch, channels, 1, length]);
  }
}
