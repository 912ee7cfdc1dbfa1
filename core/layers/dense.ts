/**
 * Dense (fully connected) layer, TEXTBOOK §1 (seed 000 §1.2.3, seed 001 (7)–(17)):
 *
 *   forward   Z = X·W + B            X [m, d_in], W [d_in, d_out], B [d_out] added to every row
 *             Y = f(Z)               when the spec names an activation (fused, see activation.ts)
 *   backward  dZ = f'(Z) ⊙ dY
 *             dW = Xᵀ·dZ,  dB = Σ_rows dZ,  dX = dZ·Wᵀ
 *
 * Both passes are one kernel call each (kernels/dense.ts: the same formulas), so a provider can keep
 * the bias, f and f' beside the products. Caches X and Y. A multi-axis input, e.g. [C, H, W] after a
 * convolution, is read as its row-major flattening d_in = C·H·W (the same as a flatten layer first); dX
 * is given back in that shape. Y and dX reuse their buffers between training passes (scratch.ts).
 */
import { Tensor, shapeSize, type DType } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import type { FusedActivation } from './activation.js';
import { ReusableBuffer } from './scratch.js';

export class DenseLayer implements Layer {
  readonly type = 'dense';
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly weight: Param;
  readonly bias: Param;
  private input: Tensor | null = null;
  private output: Tensor | null = null;
  private readonly outputs = new ReusableBuffer();
  private readonly inputGradients = new ReusableBuffer();

  constructor(
    readonly inputShape: readonly number[],
    readonly units: number,
    weight: Tensor,
    dtype: DType,
    private readonly activation: FusedActivation | null,
  ) {
    this.inputSize = shapeSize(inputShape);
    this.outputShape = [units];
    this.weight = { name: 'weight', value: weight, grad: Tensor.zeros(weight.shape, dtype), regularised: true };
    this.bias = { name: 'bias', value: Tensor.zeros([units], dtype), grad: Tensor.zeros([units], dtype), regularised: false };
  }

  params(): Param[] {
    return [this.weight, this.bias];
  }

  buffers(): Buffer[] {
    return [];
  }

  forward(x: Tensor, context: LayerContext): Tensor {
    const m = x.shape[0]!;
    const rows = x.shape.length === 2 ? x : x.reshape([m, this.inputSize]);
    const out = context.reuseBuffers ? this.outputs.take(m * this.units, x.dtype, true) : undefined;
    const y = context.kernels.denseForward(rows, this.weight.value, this.bias.value, this.activation, out);
    this.input = rows;
    this.output = y;
    return y;
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const x = this.input;
    const y = this.output;
    if (!x || !y) throw new Error('dense: backward called before forward');
    const m = x.shape[0]!;
    const wanted = context.inputGradient !== false;
    const dx = context.kernels.denseBackward({
      x, w: this.weight.value, y, dy, activation: this.activation,
      gradWeight: this.weight.grad.data, gradBias: this.bias.grad.data,
      dx: !wanted ? null : context.reuseBuffers ? this.inputGradients.take(x.size, dy.dtype, true) : undefined,
    });
    if (!dx) return Tensor.zeros([0], dy.dtype);
    return this.inputShape.length === 1 ? dx : dx.reshape([m, ...this.inputShape]);
  }
}
