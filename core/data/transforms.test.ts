import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { symmetricEigen } from './eigen.js';
import { splitDataset, splitIndices } from './split.js';
import { applyPreprocessing, fitPreprocessing, STANDARDISE_EPSILON } from './preprocess.js';
import { augmentBatch, bilinear, warpAffine } from './augment.js';
import { batches, batchesPerEpoch } from './batches.js';
import { makeDataset } from './dataset.js';

function randomDataset(count: number, seed: number) {
  const rng = new Rng(seed);
  const images = Float32Array.from({ length: count * 784 }, () => rng.next());
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return makeDataset(images, labels);
}

describe('split', () => {
  it('holds out round(n × fraction) samples, disjoint, covering all, same for the same seed', () => {
    const a = splitIndices(1000, 0.083, 7);
    expect(a.validationIndices.length).toBe(83);
    expect(a.trainIndices.length).toBe(917);
    expect(new Set([...a.trainIndices, ...a.validationIndices]).size).toBe(1000);
    expect(splitIndices(1000, 0.083, 7)).toEqual(a);
    expect(splitIndices(1000, 0.083, 8).validationIndices).not.toEqual(a.validationIndices);
  });

  it('gives datasets whose samples are those at the indices', () => {
    const data = randomDataset(20, 1);
    const { train, validation, validationIndices } = splitDataset(data, 0.25, 3);
    expect(validation.count).toBe(5);
    expect(train.count).toBe(15);
    const k = validationIndices[2]!;
    expect(validation.images.subarray(2 * 784, 3 * 784)).toEqual(data.images.subarray(k * 784, (k + 1) * 784));
    expect(validation.labels[2]).toBe(data.labels[k]);
  });
});

describe('symmetric eigendecomposition', () => {
  it('finds the eigenvalues 1 and 3 of [[2, 1], [1, 2]]', () => {
    const { values, vectors } = symmetricEigen([2, 1, 1, 2], 2);
    expect(values[0]).toBeCloseTo(1, 12);
    expect(values[1]).toBeCloseTo(3, 12);
    // Eigenvector of 3 is ±(1, 1)/√2.
    expect(Math.abs(vectors[0 * 2 + 1]!)).toBeCloseTo(Math.SQRT1_2, 12);
    expect(vectors[0 * 2 + 1]! * vectors[1 * 2 + 1]!).toBeGreaterThan(0);
  });

  it('satisfies A V = V Λ with orthonormal V on a random 40×40 symmetric matrix', () => {
    const n = 40;
    const rng = new Rng(5);
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) A[i * n + j] = A[j * n + i] = rng.normal();
    const { values, vectors: V } = symmetricEigen(A, n);
    for (let k = 1; k < n; k++) expect(values[k]!).toBeGreaterThanOrEqual(values[k - 1]!);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < n; k++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += A[i * n + j]! * V[j * n + k]!;
        expect(av).toBeCloseTo(values[k]! * V[i * n + k]!, 9);
      }
    }
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += V[i * n + a]! * V[i * n + b]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 10);
      }
    }
  });
});

describe('preprocessing', () => {
  it('min-max maps the training range to [−1, 1] and applies the same map to other data', () => {
    const train = Float32Array.from([0.2, 0.4, 0.6, 0.2]);
    const fitted = fitPreprocessing({ type: 'minmax', range: [-1, 1] }, train, 2);
    expect(fitted.statistics).toEqual({ min: [Math.fround(0.2)], max: [Math.fround(0.6)] });
    const other = applyPreprocessing(fitted, Float32Array.from([0.4, 0.8]));
    expect(other[0]).toBeCloseTo(0, 6);
    expect(other[1]).toBeCloseTo(2, 5);
  });

  it('standardises per pixel with training statistics and the ε guard', () => {
    // Two features over 4 rows: feature 0 = 1, 3, 1, 3 (μ 2, σ² 1); feature 1 always 0 (σ² 0).
    const train = Float32Array.from([1, 0, 3, 0, 1, 0, 3, 0]);
    const fitted = fitPreprocessing({ type: 'standardise' }, train, 4);
    expect(fitted.statistics.mean).toEqual([2, 0]);
    expect(fitted.statistics.std![0]).toBeCloseTo(Math.sqrt(1 + STANDARDISE_EPSILON), 12);
    const out = applyPreprocessing(fitted, Float32Array.from([4, 1]));
    expect(out[0]).toBeCloseTo(2 / Math.sqrt(1.01), 6);
    expect(out[1]).toBeCloseTo(1 / Math.sqrt(STANDARDISE_EPSILON), 5);
  });

  function correlatedData(count: number, d: number, seed: number): Float32Array {
    const rng = new Rng(seed);
    const data = new Float32Array(count * d);
    for (let i = 0; i < count; i++) {
      const common = rng.normal();
      for (let j = 0; j < d; j++) data[i * d + j] = 0.5 + 0.3 * common + 0.1 * (j + 1) * rng.normal();
    }
    return data;
  }

  function covariance(data: Float32Array, count: number, d: number): number[][] {
    const mean = new Array<number>(d).fill(0);
    for (let i = 0; i < count; i++) for (let j = 0; j < d; j++) mean[j]! += data[i * d + j]! / count;
    return Array.from({ length: d }, (_, a) =>
      Array.from({ length: d }, (_, b) => {
        let sum = 0;
        for (let i = 0; i < count; i++) sum += (data[i * d + a]! - mean[a]!) * (data[i * d + b]! - mean[b]!);
        return sum / count;
      }),
    );
  }

  for (const type of ['pca-whiten', 'zca-whiten'] as const) {
    it(`${type}: the whitened training data has covariance ≈ I (ε tiny)`, () => {
      const count = 2000;
      const d = 6;
      const train = correlatedData(count, d, 11);
      const fitted = fitPreprocessing({ type, epsilon: 1e-9 }, train, count);
      const white = applyPreprocessing(fitted, train.slice());
      const cov = covariance(white, count, d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) expect(cov[a]![b]!).toBeCloseTo(a === b ? 1 : 0, 3);
    });
  }

  it('zca-whiten keeps the data close to the original (W symmetric), pca orders by variance', () => {
    const count = 1000;
    const d = 5;
    const train = correlatedData(count, d, 12);
    const zca = fitPreprocessing({ type: 'zca-whiten', epsilon: 1e-9 }, train, count);
    const W = zca.statistics.matrix!;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(W[i * d + j]).toBeCloseTo(W[j * d + i]!, 10);
    const pca = fitPreprocessing({ type: 'pca-whiten' }, train, count);
    const lambda = pca.statistics.eigenvalues!;
    for (let c = 1; c < d; c++) expect(lambda[c]!).toBeLessThanOrEqual(lambda[c - 1]!);
  });
});

describe('augmentation', () => {
  const image = () => {
    const plane = new Float32Array(28 * 28);
    plane[5 * 28 + 7] = 1;
    plane[20 * 28 + 3] = 0.5;
    return plane;
  };

  it('bilinear interpolation weighs the four neighbours', () => {
    const img = Float32Array.from([0, 1, 2, 3]);
    expect(bilinear(img, 2, 2, 0.5, 0.5)).toBeCloseTo(1.5, 12);
    expect(bilinear(img, 2, 2, 0.25, 0)).toBeCloseTo(0.25, 12);
    expect(bilinear(img, 2, 2, -1, 0)).toBe(0);
  });

  it('an integer shift moves pixels exactly; a 180° rotation mirrors both axes', () => {
    const shifted = new Float32Array(784);
    warpAffine(image(), shifted, 28, 28, 2, -1, 0, 1);
    expect(shifted[4 * 28 + 9]).toBeCloseTo(1, 6);
    expect(shifted[19 * 28 + 5]).toBeCloseTo(0.5, 6);
    const rotated = new Float32Array(784);
    warpAffine(image(), rotated, 28, 28, 0, 0, Math.PI, 1);
    expect(rotated[(27 - 5) * 28 + (27 - 7)]).toBeCloseTo(1, 6);
    expect(rotated.reduce((a, b) => a + b, 0)).toBeCloseTo(1.5, 5);
  });

  it('scaling by 2 about the centre doubles a pixel’s distance from it', () => {
    // Pixel (13, 13) has its centre at (13.5, 13.5), 0.5 from the centre (14, 14): ×2 covers (12..13).
    const plane = new Float32Array(784);
    plane[13 * 28 + 13] = 1;
    const scaled = new Float32Array(784);
    warpAffine(plane, scaled, 28, 28, 0, 0, 0, 2);
    expect(scaled[12 * 28 + 12]).toBeGreaterThan(0);
    expect(scaled[13 * 28 + 13]).toBeGreaterThan(0);
    expect(scaled.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 5);
  });

  it('is seeded: same seed, same batch; noise has the requested spread', () => {
    const batch = () => {
      const images = new Float32Array(4 * 784);
      for (let n = 0; n < 4; n++) images.set(image(), n * 784);
      return images;
    };
    const spec = { shiftPixels: 2, rotationDegrees: 10, scale: 0.1, noise: 0.1 };
    const a = batch();
    const b = batch();
    augmentBatch(a, 4, [1, 28, 28], spec, new Rng(9));
    augmentBatch(b, 4, [1, 28, 28], spec, new Rng(9));
    expect(a).toEqual(b);
    const noisy = new Float32Array(20 * 784);
    augmentBatch(noisy, 20, [1, 28, 28], { noise: 0.1 }, new Rng(3));
    const mean = noisy.reduce((s, v) => s + v, 0) / noisy.length;
    const variance = noisy.reduce((s, v) => s + (v - mean) ** 2, 0) / noisy.length;
    expect(Math.abs(mean)).toBeLessThan(0.005);
    expect(Math.sqrt(variance)).toBeCloseTo(0.1, 2);
  });
});

describe('batches', () => {
  it('cuts N samples into ⌈N/B⌉ batches, the last partial, each sample once', () => {
    expect(batchesPerEpoch(50000, 256)).toBe(196);
    const data = randomDataset(23, 2);
    const all = [...batches(data, { batchSize: 10, sampleShape: [1, 28, 28], rng: new Rng(4) })];
    expect(all.map((b) => b.labels.length)).toEqual([10, 10, 3]);
    expect(all[0]!.x.shape).toEqual([10, 1, 28, 28]);
    const seen = all.flatMap((b) => [...b.indices]);
    expect(new Set(seen).size).toBe(23);
    expect(seen).not.toEqual([...Array(23).keys()]);
    const first = all[0]!;
    const k = first.indices[3]!;
    expect(first.x.data.subarray(3 * 784, 4 * 784)).toEqual(data.images.subarray(k * 784, (k + 1) * 784));
    expect(first.labels[3]).toBe(data.labels[k]);
  });

  it('gives [b, 784] for dense models, keeps the order without an Rng, and preprocesses', () => {
    const data = randomDataset(5, 3);
    const fitted = fitPreprocessing({ type: 'minmax', range: [-1, 1] }, new Float32Array([0, 1]), 2);
    const [only] = [...batches(data, { batchSize: 8, sampleShape: [784], indices: [4, 1], preprocessing: fitted })];
    expect(only!.x.shape).toEqual([2, 784]);
    expect([...only!.indices]).toEqual([4, 1]);
    expect(only!.x.data[0]).toBeCloseTo(2 * data.images[4 * 784]! - 1, 6);
  });
});
