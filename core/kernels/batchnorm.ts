/**
 * Batch normalisation's two passes as kernel entries (core/layers/batchnorm.ts has the layer, its
 * formulas and its running statistics). Values of x [batch, channels, spatial]: channel c of sample n is
 * the run [(n·C + c)·S, (n·C + c + 1)·S); its statistics run over the count = batch·S values it holds.
 *
 *   forward   training: μ = (1/count) Σ x,  σ² = (1/count) Σ (x − μ)²  (two passes, in float64)
 *             test:     μ, σ² given (the running statistics)
 *             1/√(σ² + ε),  x̂ = (x − μ)/√(σ² + ε),  y = γ x̂ + β
 *   backward  dβ = Σ dy,  dγ = Σ dy ⊙ x̂
 *             training: dx = γ/(count·√(σ² + ε)) · (count·dy − dβ − x̂·dγ);  test: dx = γ·dy/√(σ² + ε)
 *
 * The loops here are the definition, and what runs for a provider without the entries (and for float64);
 * a provider may run them itself (the simd module: assembly/batchnorm.ts), on float32 buffers only.
 */
import type { TensorData } from '../tensor.js';

export interface BatchNormSizes {
  batch: number;
  channels: number;
  /** Values per channel per sample (1 for dense input [m, d]). */
  spatial: number;
}

export interface BatchNormForwardPass<T extends TensorData = TensorData> extends BatchNormSizes {
  x: T;
  /** Written: x̂ and y, each as long as x. */
  xhat: T;
  y: T;
  gamma: T;
  beta: T;
  training: boolean;
  epsilon: number;
  /** Per channel: read when not training (the running statistics), written with the batch's μ and biased σ² when training. */
  mean: Float64Array;
  variance: Float64Array;
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

/** Whether a pass's value buffers are all float32 (what a provider's own pass takes). */
export function isFloat32ForwardPass(pass: BatchNormForwardPass): pass is BatchNormForwardPass<Float32Array> {
  return [pass.x, pass.xhat, pass.y, pass.gamma, pass.beta].every((values) => values instanceof Float32Array);
}

export function isFloat32BackwardPass(pass: BatchNormBackwardPass): pass is BatchNormBackwardPass<Float32Array> {
  return [pass.dy, pass.xhat, pass.gamma, pass.dx, pass.gradGamma, pass.gradBeta].every((values) => values instanceof Float32Array);
}

export function batchNormForwardLoops(pass: BatchNormForwardPass): void {
  const { x, xhat, y, gamma, beta, batch, channels, spatial, mean, variance, inverseStd } = pass;
  const count = batch * spatial;
  for (let c = 0; c < channels; c++) {
    if (pass.training) {
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
      mean[c] = mu;
      variance[c] = squares / count;
    }
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
  const { gamma, inverseStd, batch, channels, spatial } = pass;
  const count = batch * spatial;
  for (let c = 0; c < channels; c++) {
    channelGradientSums(pass, c, channelSums);
    const dBeta = channelSums[0]!;
    const dGamma = channelSums[1]!;
    const scale = gamma[c]! * inverseStd[c]!;
    const perValue = pass.training ? scale / count : scale;
    const dyWeight = pass.training ? count : 1;
    const shift = pass.training ? dBeta : 0;
    const slope = pass.training ? dGamma : 0;
    writeChannelInputGradient(pass, c, perValue, dyWeight, shift, slope);
  }
}

/** Float64 scratch of channelGradientSums's two sums, reused (the passes run one at a time on a thread). */
const channelSums = new Float64Array(2);

/**
 * Channel c's dβ = Σ dy and dγ = Σ dy ⊙ x̂ over its values, summed in float64 into out[0] and out[1] and
 * stored into the pass's gradBeta[c] and gradGamma[c].
 */
export function channelGradientSums(pass: BatchNormBackwardPass, c: number, out: Float64Array): void {
  const { dy, xhat, batch, channels, spatial } = pass;
  let dBeta = 0;
  let dGamma = 0;
  for (let n = 0; n < batch; n++) {
    const start = (n * channels + c) * spatial;
    for (let k = start; k < start + spatial; k++) {
      dBeta += dy[k]!;
      dGamma += dy[k]! * xhat[k]!;
    }
  }
  pass.gradBeta[c] = dBeta;
  pass.gradGamma[c] = dGamma;
  out[0] = dBeta;
  out[1] = dGamma;
}

/** Channel c's dx = perValue · (dyWeight · dy − shift − x̂ · slope), value by value. */
export function writeChannelInputGradient(
  pass: BatchNormBackwardPass, c: number, perValue: number, dyWeight: number, shift: number, slope: number,
): void {
  const { dy, xhat, dx, batch, channels, spatial } = pass;
  for (let n = 0; n < batch; n++) {
    const start = (n * channels + c) * spatial;
    for (let k = start; k < start + spatial; k++) dx[k] = perValue * (dyWeight * dy[k]! - shift - xhat[k]! * slope);
  }
}
