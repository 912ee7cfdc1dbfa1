/**
 * Dense (fully connected) layer, TEXTBOOK §1 (seed 000 §1.2.3, seed 001 (7)–(17)):
 *
 *   forward   Z = X·W + B            X [m, d_in], W [d_in, d_out], B [d_out] added to every row
 *             Y = f(Z)               when the spec names an activation (fused, see activation.ts)
 *   backward  dZ = f'(Z) ⊙ dY
 *             dW = Xᵀ·dZ,  dB = Σ_rows dZ,  dX = dZ·Wᵀ
 *
 * Caches X (and Y when fused). A multi-axis input, e.g. [C, H, W] after a convolution, is read as its
 * row-major flattening d_in = C·H·W (the same as a flatten layer first); dX is given back in that shape.
 */
import { Tensor, shapeSize, type DType, type TensorData } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import type { FusedActivation } from './activation.js';

export class DenseLayer implements Layer {
  readonly type = 'dense';
  readonly outputShape: readonly number[];
  readonly inputSize: number;
  readonly weight: Param;
  readonly bias: Param;
  private input: Tensor | null = null;
  private output: Tensor | null = null;

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
    const z = context.kernels.matmul(rows, this.weight.value);
    addRowVector(z.data, this.bias.value.data, m, this.units);
    this.input = rows;
    if (this.activation) this.activation.applyInPlace(z);
    this.output = z;
    return z;
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const x = this.input;
    const y = this.output;
    if (!x || !y) throw new Error('dense: backward called before forward');
    const dz = this.activation ? this.activation.backward(y, dy) : dy;
    const m = x.shape[0]!;
    const dW = context.kernels.matmul(x, dz, { transA: true });
    this.weight.grad.data.set(dW.data);
    sumRows(dz.data, this.bias.grad.data, m, this.units);
    if (context.inputGradient === false) return Tensor.zeros([0], dy.dtype);
    const dx = context.kernels.matmul(dz, this.weight.value, { transB: true });
    return this.inputShape.length === 1 ? dx : dx.reshape([m, ...this.inputShape]);
  }
}

function addRowVector(z: TensorData, b: TensorData, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) z[row + j]! += b[j]!;
  }
}

/** out[j] = Σ_i dz[i, j], written (not accumulated). */
function sumRows(dz: TensorData, out: TensorData, m: number, n: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) out[j]! += dz[row + j]!;
  }
}

