/**
 * 2-D convolution layer (cross-correlation, as in every framework; TEXTBOOK §1, seed 000 (1.3), fig. 1.1):
 *
 *   forward   y[n,o,i,j] = Σ_c Σ_u Σ_v w[o,c,u,v] · x[n, c, i·s_h − p_h + u, j·s_w − p_w + v] + b[o]
 *             (x zero outside the image), out = floor((n + 2p − k)/s) + 1 per axis; y ← f(y) when fused
 *   backward  dz = f'(z) ⊙ dy
 *             db[o] = Σ_{n,i,j} dz[n,o,i,j]
 *             dw    = conv2dGradFilter(x, dz)   (each w[o,c,u,v] collects x · dz over every position it touched)
 *             dx    = conv2dGradInput(dz, w)    (each pixel collects w · dz from every window that read it)
 *
 * Caches x and y. The bias and a ReLU are handed to the kernel as the convolution's epilogue (XNNPACK
 * applies them in its inner loop on wasm); the backward is one kernel call (kernels/conv-backward.ts:
 * the same four lines), so a provider can run f', db and both products on one copy of the operands.
 * Weight [O, C, kh, kw], bias [O], input per sample [C, H, W].
 */
import { Tensor, type DType, type TensorData } from '../tensor.js';
import { ReusableBuffer } from './scratch.js';
import type { Conv2dGeometry } from '../kernels/kernels.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import type { FusedActivation } from './activation.js';

export interface Conv2dSettings {
  kernel: [number, number];
  stride: [number, number];
  padding: [number, number];
}

export class Conv2dLayer implements Layer {
  readonly type: string = 'conv2d';
  readonly outputShape: readonly number[];
  readonly weight: Param;
  readonly bias: Param;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private geometry: Conv2dGeometry | null = null;
  /** Output and dL/dx buffers reused between training passes (see scratch.ts). */
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(
    readonly inputShape: readonly number[],
    outputShape: readonly number[],
    readonly settings: Conv2dSettings,
    weight: Tensor,
    dtype: DType,
    private readonly activation: FusedActivation | null,
  ) {
    this.outputShape = outputShape;
    const filters = weight.shape[0]!;
    this.weight = { name: 'weight', value: weight, grad: Tensor.zeros(weight.shape, dtype), regularised: true };
    this.bias = { name: 'bias', value: Tensor.zeros([filters], dtype), grad: Tensor.zeros([filters], dtype), regularised: false };
  }

  params(): Param[] {
    return [this.weight, this.bias];
  }

  buffers(): Buffer[] {
    return [];
  }

  /** The filter as [O, C, kh, kw] (Conv1D stores [O, C, k] and views it with kh = 1). */
  protected filter4d(): Tensor {
    return this.weight.value;
  }

  /** x as [N, C, H, W] (Conv1D views [N, C, L] with H = 1). */
  protected input4d(x: Tensor): Tensor {
    return x;
  }

  forward(x: Tensor, context: LayerContext): Tensor {
    const x4 = this.input4d(x);
    const g = this.geometryFor(x4);
    const out = context.reuseBuffers ? this.outputs.take(g.batch * g.outChannels * g.outHeight * g.outWidth, x4.dtype, true) : undefined;
    // Bias and ReLU are the convolution's epilogue (fused into it where the provider can); other
    // activations run here.
    const relu = this.activation?.fn === 'relu';
    const epilogue = !this.activation || relu ? { bias: this.bias.value, relu } : undefined;
    const z = context.kernels.conv2d(x4, this.filter4d(), g, out, epilogue);
    if (!epilogue) {
      addChannelBias(z.data, this.bias.value.data, g.batch, g.outChannels, g.outHeight * g.outWidth);
      this.activation?.applyInPlace(z);
    }
    this.input = x4;
    this.output = z;
    return z.reshape([g.batch, ...this.outputShape]);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const x = this.input;
    const y = this.output;
    const g = this.geometry;
    if (!x || !y || !g) throw new Error(`${this.type}: backward called before forward`);
    const wanted = context.inputGradient !== false;
    const dx = context.kernels.conv2dBackward({
      x, w: this.filter4d(), y, dy: dy.reshape(y.shape), geometry: g, activation: this.activation,
      gradWeight: this.weight.grad.data, gradBias: this.bias.grad.data,
      dx: !wanted ? null : context.reuseBuffers ? this.gradients.take(x.size, dy.dtype, true) : undefined,
    });
    if (!dx) return Tensor.zeros([0], dy.dtype);
    return dx.reshape([g.batch, ...this.inputShape]);
  }

  private geometryFor(x: Tensor): Conv2dGeometry {
    const [batch, inChannels, inHeight, inWidth] = x.shape as [number, number, number, number];
    const [outChannels, , kernelHeight, kernelWidth] = this.filter4d().shape as [number, number, number, number];
    const previous = this.geometry;
    if (previous && previous.batch === batch) return previous;
    const { stride, padding } = this.settings;
    const outHeight = Math.floor((inHeight + 2 * padding[0] - kernelHeight) / stride[0]) + 1;
    const outWidth = Math.floor((inWidth + 2 * padding[1] - kernelWidth) / stride[1]) + 1;
    this.geometry = {
      batch, inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
      strideHeight: stride[0], strideWidth: stride[1], padHeight: padding[0], padWidth: padding[1],
      outHeight, outWidth,
    };
    return this.geometry;
  }
}

function addChannelBias(z: TensorData, b: TensorData, batch: number, channels: number, plane: number): void {
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < channels; o++) {
      const start = (n * channels + o) * plane;
      const bias = b[o]!;
      for (let p = start; p < start + plane; p++) z[p]! += bias;
    }
  }
}
