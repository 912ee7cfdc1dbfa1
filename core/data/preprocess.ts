/**
 * Preprocessing fitted on the training split only and applied unchanged to validation, test and every
 * image classified later (TEXTBOOK §8). The fitted form is plain data (`FittedPreprocessing`), stored in
 * the model file. Features are the flattened pixels (d = 784); statistics come from the training images.
 *
 *   none        x' = x
 *   minmax      x' = lo + (hi − lo)(x − min)/(max − min), scalar min and max over all training pixels
 *   standardise x'_j = (x_j − μ_j)/√(σ_j² + ε), per pixel, ε = 1e-2: a pixel that is almost always 0 in
 *               training (MNIST's border) is not blown up to hundreds when a test digit touches it
 *   pca-whiten  x' = (Λ + εI)^(−½) Uᵀ(x − μ)          components ordered by decreasing variance
 *   zca-whiten  x' = U (Λ + εI)^(−½) Uᵀ(x − μ)        stays image-like (closest whitened image)
 *               with Σ = U Λ Uᵀ the training covariance, ε from the spec (default 0.1). Σ is estimated
 *               on a seeded subsample of at most WHITENING_SAMPLE_LIMIT training images (the O(N d²)
 *               covariance dominates otherwise); the eigendecomposition is Householder + QL (eigen.ts).
 */
import { Rng } from '../random.js';
import type { PreprocessSpec } from '../spec.js';
import { symmetricEigen } from './eigen.js';

export interface FittedPreprocessing {
  spec: PreprocessSpec;
  /**
   * What was learnt, by name: minmax { min: [m], max: [M] }; standardise { mean: μ (d), std: √(σ²+ε) (d) };
   * whitening { mean: μ (d), matrix: W (d×d row-major, x' = W(x − μ)), eigenvalues: λ (d, descending) }.
   */
  statistics: Record<string, number[]>;
}

export const STANDARDISE_EPSILON = 1e-2;
export const DEFAULT_WHITENING_EPSILON = 0.1;
export const WHITENING_SAMPLE_LIMIT = 10_000;

/** Fits `spec` on `count` training rows of `images` (flattened, row-major). `seed` picks the whitening subsample. */
export function fitPreprocessing(spec: PreprocessSpec, images: Float32Array, count: number, seed = 0): FittedPreprocessing {
  const d = count > 0 ? images.length / count : 0;
  switch (spec.type) {
    case 'none':
      return { spec, statistics: {} };
    case 'minmax': {
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < images.length; i++) {
        const v = images[i]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      return { spec, statistics: { min: [count > 0 ? min : 0], max: [count > 0 ? max : 1] } };
    }
    case 'standardise': {
      const { mean, variance } = moments(images, count, d);
      return { spec, statistics: { mean: [...mean], std: Array.from(variance, (v) => Math.sqrt(v + STANDARDISE_EPSILON)) } };
    }
    case 'pca-whiten':
    case 'zca-whiten':
      return fitWhitening(spec, images, count, d, seed);
  }
}

/** Applies the fitted preprocessing to rows of `images`, in place, and returns the same array. */
export function applyPreprocessing(fitted: FittedPreprocessing, images: Float32Array): Float32Array {
  const { spec, statistics } = fitted;
  switch (spec.type) {
    case 'none':
      return images;
    case 'minmax': {
      const min = statistics.min![0]!;
      const span = statistics.max![0]! - min || 1;
      const [lo, hi] = spec.range;
      const scale = (hi - lo) / span;
      for (let i = 0; i < images.length; i++) images[i] = lo + (images[i]! - min) * scale;
      return images;
    }
    case 'standardise': {
      const mean = statistics.mean!;
      const std = statistics.std!;
      const d = mean.length;
      for (let i = 0; i < images.length; i++) images[i] = (images[i]! - mean[i % d]!) / std[i % d]!;
      return images;
    }
    case 'pca-whiten':
    case 'zca-whiten':
      return applyLinear(statistics.matrix!, statistics.mean!, images);
  }
}

function moments(images: Float32Array, count: number, d: number): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(d);
  const variance = new Float64Array(d);
  for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) mean[j]! += images[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(count, 1);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < d; j++) {
      const centred = images[i * d + j]! - mean[j]!;
      variance[j]! += centred * centred;
    }
  }
  for (let j = 0; j < d; j++) variance[j]! /= Math.max(count, 1);
  return { mean, variance };
}

function fitWhitening(
  spec: Extract<PreprocessSpec, { type: 'pca-whiten' | 'zca-whiten' }>, images: Float32Array, count: number, d: number, seed: number,
): FittedPreprocessing {
  const epsilon = spec.epsilon ?? DEFAULT_WHITENING_EPSILON;
  const rows = sampleRows(count, WHITENING_SAMPLE_LIMIT, seed);
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j]! += images[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= Math.max(rows.length, 1);

  // Σ = XᵀX/N − μμᵀ, upper triangle, skipping zero pixels (most of a digit image is background).
  const covariance = new Float64Array(d * d);
  const nonZero = new Uint32Array(d);
  for (const r of rows) {
    let k = 0;
    for (let j = 0; j < d; j++) if (images[r * d + j] !== 0) nonZero[k++] = j;
    for (let a = 0; a < k; a++) {
      const i = nonZero[a]!;
      const xi = images[r * d + i]!;
      const rowStart = i * d;
      for (let b = a; b < k; b++) {
        const j = nonZero[b]!;
        covariance[rowStart + j]! += xi * images[r * d + j]!;
      }
    }
  }
  const n = Math.max(rows.length, 1);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const value = covariance[i * d + j]! / n - mean[i]! * mean[j]!;
      covariance[i * d + j] = value;
      covariance[j * d + i] = value;
    }
  }

  const { values, vectors } = symmetricEigen(covariance, d);
  // Descending order of variance: component c is eigenvector d−1−c.
  const eigenvalues = new Float64Array(d);
  const scale = new Float64Array(d);
  for (let c = 0; c < d; c++) {
    eigenvalues[c] = Math.max(0, values[d - 1 - c]!);
    scale[c] = 1 / Math.sqrt(eigenvalues[c]! + epsilon);
  }
  const matrix = new Float64Array(d * d);
  if (spec.type === 'pca-whiten') {
    // Row c of W is the c-th principal direction scaled by (λ_c + ε)^(−½).
    for (let c = 0; c < d; c++) {
      const column = d - 1 - c;
      for (let j = 0; j < d; j++) matrix[c * d + j] = scale[c]! * vectors[j * d + column]!;
    }
  } else {
    // W = U S Uᵀ: W_ij = Σ_c U_ic s_c U_jc.
    const scaledU = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let c = 0; c < d; c++) scaledU[i * d + c] = vectors[i * d + (d - 1 - c)]! * scale[c]!;
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        let sum = 0;
        for (let c = 0; c < d; c++) sum += scaledU[i * d + c]! * vectors[j * d + (d - 1 - c)]!;
        matrix[i * d + j] = sum;
        matrix[j * d + i] = sum;
      }
    }
  }
  return { spec, statistics: { mean: [...mean], matrix: [...matrix], eigenvalues: [...eigenvalues] } };
}

/** Wᵀ (row-major, so row j is column j of W) and Wμ, computed once per fitted matrix. */
const linearCache = new WeakMap<number[], { transposed: Float64Array; offset: Float64Array }>();

function linearPlan(matrix: number[], mean: number[]): { transposed: Float64Array; offset: Float64Array } {
  const cached = linearCache.get(matrix);
  if (cached) return cached;
  const d = mean.length;
  const transposed = new Float64Array(d * d);
  const offset = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let sum = 0;
    for (let j = 0; j < d; j++) {
      transposed[j * d + i] = matrix[i * d + j]!;
      sum += matrix[i * d + j]! * mean[j]!;
    }
    offset[i] = sum;
  }
  const plan = { transposed, offset };
  linearCache.set(matrix, plan);
  return plan;
}

/** x' = W(x − μ) = Wx − Wμ per row, as Σ_j x_j·W[:, j] so zero pixels of x (most of them) cost nothing. */
function applyLinear(matrix: number[], mean: number[], images: Float32Array): Float32Array {
  const d = mean.length;
  const { transposed, offset } = linearPlan(matrix, mean);
  const out = new Float64Array(d);
  const rows = images.length / d;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < d; i++) out[i] = -offset[i]!;
    for (let j = 0; j < d; j++) {
      const x = images[r * d + j]!;
      if (x === 0) continue;
      const base = j * d;
      for (let i = 0; i < d; i++) out[i]! += x * transposed[base + i]!;
    }
    for (let i = 0; i < d; i++) images[r * d + i] = out[i]!;
  }
  return images;
}

/** Up to `limit` distinct row indices, a seeded random subset when count exceeds it, ascending. */
function sampleRows(count: number, limit: number, seed: number): Uint32Array {
  const all = new Uint32Array(count);
  for (let i = 0; i < count; i++) all[i] = i;
  if (count <= limit) return all;
  return new Rng(seed).shuffle(all).slice(0, limit).sort();
}
