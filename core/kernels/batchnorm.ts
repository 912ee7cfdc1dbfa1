/**
 * Batch normalisation's two passes as kernel entries (core/layers/batchnorm.ts has the layer, its
 * formulas and its running statistics). Values of x [batch, channels, spatial]: channel c of sample n is
 * the run [(n·C + c)·S, (n·C + c + 1)·S); its statistics run over the count = batch·S values it holds.
 *
 *   forward   training: μ = (1/count) Σ x,  σ² = (1/count) Σ (x − μ)²  (two passes, in float64)
 *             test:     μ, σ² given (the running statistics)
 *             1/√(σ² + ε),  x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β
 *   backward  dβ = Σ dy,  dγ = Σ dy ⊙ x̂                                             (gradient sums)
 *             dx = a·(w·dy − s − x̂·t) per channel                                  (input gradient)
 *             training: a = γ/(count·√(σ² + ε)), w = count, s = dβ, t = dγ
 *             test:     a = γ/√(σ² + ε), w = 1, s = t = 0
 *
 * The backward pass is the gradient sums, then (a, w, s, t) from them (inputGradientCoefficients), then the
 * input gradient; the synchronised pass (core/layers/batch-statistics.ts) runs the same three with the
 * batch's sums between. The loops here are the definition, and what runs for a provider without the
 * entries (and for float64); a provider may run them itself (the simd module: assembly/batchnorm.ts), on
 * float32 buffers only. batchNormPasses picks one or the other for each pass.
 */
import type { TensorData } from '../tensor.js';
import type { Kernels } from './kernels.js';

export interface BatchNormSizes {
  batch: number;
  channels: number;
  /** Values per channel per sample (1 for dense input [m, d]). */
  spatial: number;
}

/** The training pass's statistics alone. */
export interface BatchNormStatisticsPass<T extends TensorData = TensorData> extends BatchNormSizes {
  x: T;
  /** Per channel: read when not training (the running statistics), written with the batch's μ and biased σ² when training. */
  mean: Float64Array;
  variance: Float64Array;
}

export interface BatchNormForwardPass<T extends TensorData = TensorData> extends BatchNormStatisticsPass<T> {
  /** Written: x̂ and y, each as long as x. */
  xhat: T;
  y: T;
  gamma: T;
  beta: T;
  training: boolean;
  epsilon: number;
  /** Written: 1/√(σ² + ε) per channel, which the backward pass reads. */
  inverseStd: Float64Array;
}

export interface BatchNormBackwardPass<T extends TensorData = TensorData> extends BatchNormSizes {
  dy: T;
  xhat: T;
  gamma: T;
  inverseStd: Float64Array;
  /** Whether the forward pass used the batch's statistics (the gradient then flows through μ and σ²). */
  training: boolean;
  /** Written: dx (as long as dy), dγ and dβ (one per channel). */
  dx: T;
  gradGamma: T;
  gradBeta: T;
}

/** Checks a pass's buffer sizes against its batch, channels and spatial size; names what differs. */
export function checkBatchNormSizes(op: string, sizes: BatchNormSizes, values: Record<string, { length: number }>, perChannel: Record<string, { length: number }>): void {
  const count = sizes.batch * sizes.channels * sizes.spatial;
  for (const [name, buffer] of Object.entries(values)) {
    if (buffer.length !== count) throw new Error(`${op}: ${name} holds ${buffer.length} values, but ${sizes.batch}×${sizes.channels}×${sizes.spatial} = ${count}`);
  }
  for (const [name, buffer] of Object.entries(perChannel)) {
    if (buffer.length !== sizes.channels) throw new Error(`${op}: ${name} holds ${buffer.length} values, but there are ${sizes.channels} channels`);
  }
}

/** Checks a float64 array of `perChannel` values for each channel (the gradient sums: 2, the dx coefficients: 4). */
export function checkPerChannelArray(op: string, channels: number, name: string, array: { length: number }, perChannel: number): void {
  const want = perChannel * channels;
  if (array.length !== want) throw new Error(`${op}: ${name} holds ${array.length} values, but ${perChannel} per channel × ${channels} channels = ${want}`);
}

/** Whether a pass's value buffers are all float32 (what a provider's own pass takes). */
export function isFloat32ForwardPass(pass: BatchNormForwardPass): pass is BatchNormForwardPass<Float32Array> {
  return [pass.x, pass.xhat, pass.y, pass.gamma, pass.beta].every((values) => values instanceof Float32Array);
}

export function isFloat32StatisticsPass(pass: BatchNormStatisticsPass): pass is BatchNormStatisticsPass<Float32Array> {
  return pass.x instanceof Float32Array;
}

export function isFloat32BackwardPass(pass: BatchNormBackwardPass): pass is BatchNormBackwardPass<Float32Array> {
  return [pass.dy, pass.xhat, pass.gamma, pass.dx, pass.gradGamma, pass.gradBeta].every((values) => values instanceof Float32Array);
}

/** The passes a layer runs: the provider's own entries on float32 buffers, the definition's loops otherwise. */
export interface BatchNormPasses {
  forward(pass: BatchNormForwardPass): void;
  /** Training μ and σ² into pass.mean and pass.variance; nothing else written. */
  statistics(pass: BatchNormStatisticsPass): void;
  backward(pass: BatchNormBackwardPass): void;
  /** sums[c] = dβ and sums[C + c] = dγ of channel c in float64, and the same into gradBeta and gradGamma. */
  gradientSums(pass: BatchNormBackwardPass, sums: Float64Array): void;
  /** dx from channel c's (a, w, s, t) at coefficients[4c…4c + 3]. */
  inputGradient(pass: BatchNormBackwardPass, coefficients: Float64Array): void;
}

type BatchNormEntries = Pick<Kernels, 'batchNormForward' | 'batchNormStatistics' | 'batchNormBackward' | 'batchNormGradientSums' | 'batchNormInputGradient'>;

export function batchNormPasses(kernels: BatchNormEntries): BatchNormPasses {
  const { batchNormForward, batchNormStatistics, batchNormBackward, batchNormGradientSums, batchNormInputGradient } = kernels;
  return {
    forward: (pass) => (batchNormForward && isFloat32ForwardPass(pass) ? batchNormForward(pass) : batchNormForwardLoops(pass)),
    statistics: (pass) => (batchNormStatistics && isFloat32StatisticsPass(pass) ? batchNormStatistics(pass) : batchNormStatisticsLoops(pass)),
    backward: (pass) => (batchNormBackward && isFloat32BackwardPass(pass) ? batchNormBackward(pass) : batchNormBackwardLoops(pass)),
    gradientSums: (pass, sums) => (batchNormGradientSums && isFloat32BackwardPass(pass) ? batchNormGradientSums(pass, sums) : batchNormGradientSumsLoops(pass, sums)),
    inputGradient: (pass, coefficients) => (batchNormInputGradient && isFloat32BackwardPass(pass) ? batchNormInputGradient(pass, coefficients) : batchNormInputGradientLoops(pass, coefficients)),
  };
}

/**
 * Channel c's (a, w, s, t) of dx = a·(w·dy − s − x̂·t) into out[4c…4c + 3] (the header's formulas), from
 * sums = (dβ per channel, then dγ per channel) over statistics of `count` values per channel.
 */
export function inputGradientCoefficients(pass: BatchNormBackwardPass, count: number, sums: Float64Array, out: Float64Array): void {
  const { gamma, inverseStd, channels, training } = pass;
  for (let c = 0; c < channels; c++) {
    const scale = gamma[c]! * inverseStd[c]!;
    out[4 * c] = training ? scale / count : scale;
    out[4 * c + 1] = training ? count : 1;
    out[4 * c + 2] = training ? sums[c]! : 0;
    out[4 * c + 3] = training ? sums[channels + c]! : 0;
  }
}

export function batchNormStatisticsLoops(pass: BatchNormStatisticsPass): void {
  for (let c = 0; c < pass.channels; c++) channelMoments(pass, c);
}

export function batchNormForwardLoops(pass: BatchNormForwardPass): void {
  const { x, xhat, y, gamma, beta, batch, channels, spatial, mean, variance, inverseStd } = pass;
  for (let c = 0; c < channels; c++) {
    if (pass.training) channelMoments(pass, c);
    const mu = mean[c]!;
    const inverse = 1 / Math.sqrt(variance[c]! + pass.epsilon);
    inverseStd[c] = inverse;
    const g = gamma[c]!;
    const b = beta[c]!;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * spatial;
      for (let k = start; k < start + spatial; k++) {
        const normal = (x[k]! - mu) * inverse;
        xhat[k] = normal;
        y[k] = g * normal + b;
      }
    }
  }
}

export function batchNormBackwardLoops(pass: BatchNormBackwardPass): void {
  const sums = new Float64Array(2 * pass.channels);
  batchNormGradientSumsLoops(pass, sums);
  const coefficients = new Float64Array(4 * pass.channels);
  inputGradientCoefficients(pass, pass.batch * pass.spatial, sums, coefficients);
  batchNormInputGradientLoops(pass, coefficients);
}

export function batchNormGradientSumsLoops(pass: BatchNormBackwardPass, sums: Float64Array): void {
  const { dy, xhat, batch, channels, spatial } = pass;
  checkPerChannelArray('batchNormGradientSums', channels, 'sums', sums, 2);
  for (let c = 0; c < channels; c++) {
    let dBeta = 0;
    let dGamma = 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * spatial;
      for (let k = start; k < start + spatial; k++) {
        dBeta += dy[k]!;
        dGamma += dy[k]! * xhat[k]!;
      }
    }
    sums[c] = dBeta;
    sums[channels + c] = dGamma;
    pass.gradBeta[c] = dBeta;
    pass.gradGamma[c] = dGamma;
  }
}

export function batchNormInputGradientLoops(pass: BatchNormBackwardPass, coefficients: Float64Array): void {
  const { dy, xhat, dx, batch, channels, spatial } = pass;
  checkPerChannelArray('batchNormInputGradient', channels, 'coefficients', coefficients, 4);
  for (let c = 0; c < channels; c++) {
    const [perValue, weight, shift, slope] = [coefficients[4 * c]!, coefficients[4 * c + 1]!, coefficients[4 * c + 2]!, coefficients[4 * c + 3]!];
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * spatial;
      for (let k = start; k < start + spatial; k++) dx[k] = perValue * (weight * dy[k]! - shift - xhat[k]! * slope);
    }
  }
}

/** Channel c's μ = Σ x / count, then σ² = Σ (x − μ)² / count, in float64, into pass.mean[c] and pass.variance[c]. */
function channelMoments(pass: BatchNormStatisticsPass, c: number): void {
  const { x, batch, channels, spatial } = pass;
  const count = batch * spatial;
  let sum = 0;
  for (let n = 0; n < batch; n++) {
    const start = (n * channels + c) * spatial;
    for (let k = start; k < start + spatial; k++) sum += x[k]!;
  }
  const mu = sum / count;
  let squares = 0;
  for (let n = 0; n < batch; n++) {
    const start = (n * channels + c) * spatial;
    for (let k = start; k < start + spatial; k++) {
      const d = x[k]! - mu;
      squares += d * d;
    }
  }
  pass.mean[c] = mu;
  pass.variance[c] = squares / count;
}
