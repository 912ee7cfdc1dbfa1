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
 * A batch split across threads passes `context.batchStatistics`: the training pass then normalises each
 * slice with the whole batch's μ and σ² and takes n over the whole batch (batch-statistics.ts), so the
 * slices compute what one thread computes on all m rows.
 *
 * Caches x̂ and 1/√(σ² + ε) per channel. Defaults as PyTorch: momentum 0.1, ε 1e-5, γ = 1, β = 0,
 * running μ = 0, running σ² = 1.
 */
import { Tensor, allocate, shapeSize, type DType, type TensorData } from '../tensor.js';
import type { Buffer, Layer, LayerContext, Param } from './layer.js';
import { ReusableBuffer } from './scratch.js';
import { batchNormPasses, type BatchNormBackwardPass, type BatchNormForwardPass } from '../kernels/batchnorm.js';
import { batchNormBackwardSynchronised, batchNormForwardSynchronised, type BatchReducer } from './batch-statistics.js';

export const batchNormDefaults = { momentum: 0.1, epsilon: 1e-5 };

export class BatchNormLayer implements Layer {
  readonly type = 'batchnorm';
  readonly outputShape: readonly number[];
  readonly gamma: Param;
  readonly beta: Param;
  readonly runningMean: Buffer;
  readonly runningVar: Buffer;
  /** Channels it normalises: the input's first axis (features of [m, d]), one μ, σ², γ, β each. */
  readonly channels: number;
  /** Values per channel per sample (1 for dense input). */
  readonly spatial: number;
  private normalised: TensorData | null = null;
  private inverseStd: Float64Array;
  private batch = 0;
  private trainingPass = false;
  /** The reducer of the last training pass when its batch was split across threads. */
  private synchronised: BatchReducer | null = null;
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
    const xs = x.data;
    const xhat = this.normalised?.length === x.size && sameKind(this.normalised, xs) ? this.normalised : allocate(x.dtype, x.size);
    const y = this.outputs.take(x.size, x.dtype, context.reuseBuffers);
    const runningMean = this.runningMean.value.data;
    const runningVar = this.runningVar.value.data;
    const mean = Float64Array.from(runningMean);
    const variance = Float64Array.from(runningVar);
    const pass: BatchNormForwardPass = {
      x: xs, xhat, y, gamma: this.gamma.value.data, beta: this.beta.value.data, batch, channels, spatial,
      training: context.training, epsilon: this.epsilon, mean, variance, inverseStd: this.inverseStd,
    };
    const synchronised = context.training ? (context.batchStatistics ?? null) : null;
    const passes = batchNormPasses(context.kernels);
    if (synchronised) batchNormForwardSynchronised(pass, synchronised, passes);
    else passes.forward(pass);
    if (context.training) {
      const count = (synchronised?.batchRows ?? batch) * spatial;
      for (let c = 0; c < channels; c++) {
        const unbiased = count > 1 ? (variance[c]! * count) / (count - 1) : variance[c]!;
        runningMean[c] = (1 - this.momentum) * runningMean[c]! + this.momentum * mean[c]!;
        runningVar[c] = (1 - this.momentum) * runningVar[c]! + this.momentum * unbiased;
      }
    }
    this.normalised = xhat;
    this.batch = batch;
    this.trainingPass = context.training;
    this.synchronised = synchronised;
    return new Tensor(x.shape, y);
  }

  backward(dy: Tensor, context: LayerContext): Tensor {
    const xhat = this.normalised;
    if (!xhat) throw new Error('batchnorm: backward called before forward');
    const { channels, spatial, batch } = this;
    const dx = this.gradients.take(dy.size, dy.dtype, context.reuseBuffers);
    const pass: BatchNormBackwardPass = {
      dy: dy.data, xhat, gamma: this.gamma.value.data, inverseStd: this.inverseStd, training: this.trainingPass,
      batch, channels, spatial, dx, gradGamma: this.gamma.grad.data, gradBeta: this.beta.grad.data,
    };
    const passes = batchNormPasses(context.kernels);
    if (this.synchronised) batchNormBackwardSynchronised(pass, this.synchronised, passes);
    else passes.backward(pass);
    return new Tensor(dy.shape, dx);
  }
}

function sameKind(a: TensorData, b: TensorData): boolean {
  return a instanceof Float64Array === b instanceof Float64Array;
}
