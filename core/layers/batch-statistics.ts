/**
 * Synchronised BatchNorm: the training pass of a batch of m rows split into slices across threads, each
 * slice normalised with the statistics of the whole batch, as one thread computes them on all m rows
 * (core/layers/batchnorm.ts has the formulas). A `BatchReducer` (main/parallel supplies one over shared
 * memory) turns a slice's per-channel partial sums into the batch's. For channel c, with n = m·spatial:
 *
 *   forward   slice k's own n_k, μ_k, σ_k² (passes.statistics: no x̂ or y), then, summed over the slices,
 *             μ = (1/n) Σ_k n_k·μ_k,  σ² = (1/n) Σ_k n_k·(σ_k² + (μ_k − μ)²)       (float64)
 *             which is (1/n) Σ (x − μ)² over the batch exactly (Σ (x − μ_k) = 0 in each slice);
 *             then x̂ and y by passes.forward with μ and σ² given (as in a test-mode pass)
 *   backward  the slice's dy is ∂J_k/∂y for its own mean loss J_k = (1/m_k) Σ ℓ, while the coupling
 *             terms are in units of the batch's J = Σ_k (m_k/m)·J_k, so with w_k = m_k/m:
 *             dβ = Σ_k w_k Σ dy,  dγ = Σ_k w_k Σ dy ⊙ x̂
 *             dx = γ/(n·√(σ² + ε)) · (n·dy − (dβ + x̂·dγ)/w_k)                   (∂J_k/∂x of the slice)
 *
 * The parameters' own gradients stay the slice's (Σ dy and Σ dy ⊙ x̂ over its rows), which the executor
 * combines with the weights w_k like every other gradient.
 */
import { inputGradientCoefficients, type BatchNormBackwardPass, type BatchNormForwardPass, type BatchNormPasses } from '../kernels/batchnorm.js';

/** Sums per-channel statistics over every slice of a batch that several threads compute in parts. */
export interface BatchReducer {
  /** m: rows in the whole batch, of which this pass holds a slice. */
  readonly batchRows: number;
  /**
   * Replaces `partials` (this slice's sums) by their sum over every slice of the batch. Every slice makes
   * the same calls in the same order with arrays of the same length.
   */
  sum(partials: Float64Array): void;
}

/**
 * Writes pass.mean and pass.variance with the whole batch's μ and biased σ², then x̂, y and 1/√(σ² + ε):
 * the slice's own statistics first (passes.statistics), and x̂ and y once, with the batch's given.
 */
export function batchNormForwardSynchronised(pass: BatchNormForwardPass, reducer: BatchReducer, passes: BatchNormPasses): void {
  const { channels, mean, variance } = pass;
  const own = pass.batch * pass.spatial;
  const count = reducer.batchRows * pass.spatial;
  passes.statistics(pass);
  const sums = new Float64Array(channels);
  for (let c = 0; c < channels; c++) sums[c] = own * mean[c]!;
  reducer.sum(sums);
  const sliceMean = Float64Array.from(mean);
  for (let c = 0; c < channels; c++) mean[c] = sums[c]! / count;
  for (let c = 0; c < channels; c++) {
    const apart = sliceMean[c]! - mean[c]!;
    sums[c] = own * (variance[c]! + apart * apart);
  }
  reducer.sum(sums);
  for (let c = 0; c < channels; c++) variance[c] = sums[c]! / count;
  passes.forward({ ...pass, training: false });
}

/**
 * The training backward pass of a slice: dγ, dβ of the slice; dx through the batch's μ and σ². Its sums
 * stay in float64 up to dx, as in one thread's pass: n·dy, dβ and x̂·dγ nearly cancel on small batches,
 * so sums rounded to float32 first (as gradGamma and gradBeta are) would cost dx most of its digits;
 * passes.inputGradient takes them as float64 coefficients.
 */
export function batchNormBackwardSynchronised(pass: BatchNormBackwardPass, reducer: BatchReducer, passes: BatchNormPasses): void {
  const { channels, spatial } = pass;
  const count = reducer.batchRows * spatial;
  const share = pass.batch / reducer.batchRows;
  const sums = new Float64Array(2 * channels);
  passes.gradientSums(pass, sums);
  for (let i = 0; i < sums.length; i++) sums[i] = share * sums[i]!;
  reducer.sum(sums);
  // dβ/w_k and dγ/w_k: the batch's sums in units of the slice's own loss.
  for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! / share;
  const coefficients = new Float64Array(4 * channels);
  inputGradientCoefficients(pass, count, sums, coefficients);
  passes.inputGradient(pass, coefficients);
}
