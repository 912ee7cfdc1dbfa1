/**
 * Epoch, batch and iteration (seed 002; TEXTBOOK §8, §10.8): one epoch of N samples at batch size B
 * takes ⌈N/B⌉ iterations (seed 002's table writes N/(B + 1); its own example, 50000 images at batch
 * 256 → 196 batches, is ⌈N/B⌉). B = N is batch gradient descent, B = 1 stochastic, between: mini-batch.
 */
import { batchesPerEpoch } from '../data/batches.js';

export type BatchKind = 'batch (BGD)' | 'stochastic (SGD)' | 'mini-batch';

export interface BatchSizeRow {
  batchSize: number;
  kind: BatchKind;
  iterationsPerEpoch: number;
  /** Samples in the last batch of the epoch (N − (⌈N/B⌉ − 1)·B). */
  lastBatchSize: number;
}

export function batchSizeTable(sampleCount: number, batchSizes: readonly number[]): BatchSizeRow[] {
  if (!Number.isInteger(sampleCount) || sampleCount < 1) {
    throw new RangeError(`batch-size table: sample count must be a whole number ≥ 1, got ${sampleCount}`);
  }
  return batchSizes.map((requested) => {
    if (!Number.isInteger(requested) || requested < 1) {
      throw new RangeError(`batch-size table: batch size must be a whole number ≥ 1, got ${requested}`);
    }
    const batchSize = Math.min(requested, sampleCount);
    const iterationsPerEpoch = batchesPerEpoch(sampleCount, batchSize);
    const kind: BatchKind = batchSize === sampleCount ? 'batch (BGD)' : batchSize === 1 ? 'stochastic (SGD)' : 'mini-batch';
    return { batchSize, kind, iterationsPerEpoch, lastBatchSize: sampleCount - (iterationsPerEpoch - 1) * batchSize };
  });
}
