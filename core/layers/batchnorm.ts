/**
 * Batch normalisation, TEXTBOOK §1 (seed 000 (1.21)–(1.25)), per feature on [m, d] and per channel on
 * [m, C, …spatial]; for channel c the statistics run over the n = m·(spatial size) values it holds:
 *
 *   training  μ = (1/n) Σ x,  σ² = (1/n) Σ (x − μ)²,  x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β
 *             running μ ← (1 − momentum)·running μ + momentum·μ
 *             running σ² ← (1 − momentum)·running σ² + momentum·σ²·n/(n − 1)   (unbiased, PyTorch)
 *   test      x̂ = (x − running μ)/√(running σ² + ε),  y = γ x̂ + β
 *   backward  dβ = Σ dy,  dγ = Σ dy ⊙ x̂
 *             training (through μ and σ²): dx = γ/(n·√(σ² + ε)) · (n·dy − dβ − x̂·dγ)
 *             test (statistics are constants): dx = γ·dy/√(running σ² + ε)
 *
 * Caches x̂ and 1/√(σ² + ε) per channel. Defaults as PyTorch: momentum 0.1, ε 1e-5, γ = 1, β = 0,
 * running μ = 0, running σ² = 1.
 */
import { Tensor, allocate, shapeSize, type DType, type TensorData } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';

export const batchNormDefaults = { momentum: 0.1, epsilon: 1e-5 };

export class BatchNormLayer implements Layer {
  readonly type = 'batchnorm';
  readonly outputShape: readonly number[];
  readonly gamma: Param;
  readonly beta: Param;
  readonly runningMean: Buffer;
  readonly runningVar: Buffer;
  private readonly channels: number;
  /** Values per channel per sample (1 for dense input). */
  private readonly spatial: number;
  private normalised: TensorData | null = null;
  private inverseStd: Float64Array;
  private batch = 0;
  private trainingPass = false;
  private readonly outputs = new ReusableBuffer();
  private readonly gradients = new ReusableBuffer();

  constructor(
    readonly inputShape: readonly number[],
    dtype: DType,
    readonly momentum = batchNormDefaults.momentum,
    readonly epsilon = batchNormDefaults.epsilon,
  ) {
    this.outputShape = inputShape;
    this.channels = inputShape[0]!;
    this.spatial = shapeSize(inputShape.slice(1));
    const c = this.channels;
    const ones = (): Tensor => Tensor.from([c], new Array<number>(c).fill(1), dtype);
    this.gamma = { name: 'gamma', value: ones(), grad: Tensor.zeros([c], dtype), regularised: false };
    this.beta = { name: 'beta', value: Tensor.zeros([c], dtype), grad: Tensor.zeros([c], dtype), regularised: false };
    this.runningMean = { name: 'runningMean', value: Tensor.zeros([c], dtype) };
    this.runningVar = { name: 'runningVar', value: ones() };
    this.inverseStd = new Float64Array(c);
  }

  params(): Param[] {
    return [this.gamma, this.beta];
  }

  buffers(): Buffer[] {
    return [this.runningMean, this.runningVar];
  }

  forward(x: Tensor, context: LayerContext): Tensor {
    const batch = x.shape[0]!;
    const { channels, spatial } = this;
    const count = batch * spatial;
    const xs = x.data;
    const xhat = this.normalised?.length === x.size && sameKind(this.normalised, xs) ? this.normalised : allocate(x.dtype, x.size);
    const y = this.outputs.take(x.size, x.dtype, context.reuseBuffers);
    const gamma = this.gamma.value.data;
    const beta = this.beta.value.data;
    const runningMean = this.runningMean.value.data;
    const runningVar = this.runningVar.value.data;
    // Channel c of sample n occupies the run [(n·C + c)·S, (n·C + c + 1)·S).
    for (let c = 0; c < channels; c++) {
      let mean = runningMean[c]!;
      let variance = runningVar[c]!;
      if (context.training) {
        let sum = 0;
        for (let n = 0; n < batch; n++) {
          const start = (n * channels + c) * spatial;
          for (let k = start; k < start + spatial; k++) sum += xs[k]!;
        }
        mean = sum / count;
        let squares = 0;
        for (let n = 0; n < batch; n++) {
          const start = (n * channels + c) * spatial;
          for (let k = start; k < start + spatial; k++) {
            const d = xs[k]! - mean;
            squares += d * d;
          }
        }
        variance = squares / count;
        const unbiased = count > 1 ? (variance * count) / (count - 1) : variance;
        runningMean[c] = (1 - this.momentum) * runningMean[c]! + this.momentum * mean;
        runningVar[c] = (1 - this.momentum) * runningVar[c]! + this.momentum * unbiased;
      }
      const inverseStd = 1 / Math.sqrt(variance + this.epsilon);
      this.inverseStd[c] = inverseStd;
      const g = gamma[c]!;
      const b = beta[c]!;
      for (let n = 0; n < batch; n++) {
        const start = (n * channels + c) * spatial;
        for (let k = start; k < start + spatial; k++) {
          const normal = (xs[k]! - mean) * inverseStd;
          xhat[k] = normal;
          y[k] = g * normal + b;
        }
      }
    }
    this.normalised = xhat;
    this.batch = batch;
    this.trainingPass = context.training;
    return new Tensor(x.shape, y);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const xhat = this.normalised;
    if (!xhat) throw new Error('batchnorm: backward called before forward');
    const { channels, spatial, batch } = this;
    const count = batch * spatial;
    const d = dy.data;
    const dx = this.gradients.take(dy.size, dy.dtype, context.reuseBuffers);
    const gamma = this.gamma.value.data;
    for (let c = 0; c < channels; c++) {
      let dBeta = 0;
      let dGamma = 0;
      for (let n = 0; n < batch; n++) {
        const start = (n * channels + c) * spatial;
        for (let k = start; k < start + spatial; k++) {
          dBeta += d[k]!;
          dGamma += d[k]! * xhat[k]!;
        }
      }
      this.beta.grad.data[c] = dBeta;
      this.gamma.grad.data[c] = dGamma;
      const scale = gamma[c]! * this.inverseStd[c]!;
      // Training: dx = γ/(n·√(σ² + ε))·(n·dy − dβ − x̂·dγ); test: dx = γ·dy/√(running σ² + ε).
      const perValue = this.trainingPass ? scale / count : scale;
      const dyWeight = this.trainingPass ? count : 1;
      const shift = this.trainingPass ? dBeta : 0;
      const slope = this.trainingPass ? dGamma : 0;
      for (let n = 0; n < batch; n++) {
        const start = (n * channels + c) * spatial;
        for (let k = start; k < start + spatial; k++) dx[k] = perValue * (dyWeight * d[k]! - shift - xhat[k]! * slope);
      }
    }
    return new Tensor(dy.shape, dx);
  }
}

function sameKind(a: TensorData, b: TensorData): boolean {
  return a instanceof Float64Array === b instanceof Float64Array;
}
