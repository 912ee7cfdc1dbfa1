/**
 * Mini-batches for one epoch: the training indices are shuffled by the run's seeded Rng, then cut into
 * ⌈N/B⌉ batches of B samples, the last one holding the remaining N − (⌈N/B⌉ − 1)·B. Each batch gathers
 * its images, augments them (training only), applies the fitted preprocessing, and hands out `x` as a
 * Tensor [b, 1, 28, 28] for image models or [b, 784] for dense-input models, with the labels.
 */
import type { Rng } from '../random.js';
import type { AugmentSpec } from '../spec.js';
import { Tensor } from '../tensor.js';
import { augmentBatch } from './augment.js';
import { IMAGE_SHAPE, PIXELS_PER_IMAGE, type Dataset } from './dataset.js';
import { applyPreprocessing, type FittedPreprocessing } from './preprocess.js';

export interface Batch {
  x: Tensor;
  labels: Uint8Array;
  /** Indices into the dataset the batch was drawn from. */
  indices: Uint32Array;
}

export interface BatchOptions {
  batchSize: number;
  /** Shape of one sample as the model takes it: [1, 28, 28] or [784]. */
  sampleShape: readonly number[];
  /** Which samples to use (default: all), e.g. the training split's indices. */
  indices?: ArrayLike<number>;
  /** Shuffles the order with this Rng (training); omitted, batches follow `indices` in order. */
  rng?: Rng;
  augment?: AugmentSpec;
  preprocessing?: FittedPreprocessing;
}

export function batchesPerEpoch(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/** The epoch's sample order: `indices` (or 0…n−1) copied and, with an Rng, shuffled. */
export function epochOrder(count: number, indices?: ArrayLike<number>, rng?: Rng): Uint32Array {
  const order = indices ? Uint32Array.from(indices as ArrayLike<number>) : Uint32Array.from({ length: count }, (_, i) => i);
  if (rng) rng.shuffle(order);
  return order;
}

/** Yields the epoch's batches; the shuffle is drawn when the first batch is requested. */
export function* batches(data: Dataset, options: BatchOptions): Generator<Batch> {
  const { batchSize, sampleShape } = options;
  if (!(batchSize >= 1 && Number.isInteger(batchSize))) throw new Error(`batch size ${batchSize} must be a positive integer`);
  const order = epochOrder(data.count, options.indices, options.rng);
  for (let start = 0; start < order.length; start += batchSize) {
    const indices = order.subarray(start, Math.min(order.length, start + batchSize));
    yield makeBatch(data, indices, sampleShape, options);
  }
}

/** One batch from the given sample indices. */
export function makeBatch(
  data: Dataset, indices: Uint32Array, sampleShape: readonly number[], options: Pick<BatchOptions, 'rng' | 'augment' | 'preprocessing'> = {},
): Batch {
  const b = indices.length;
  const images = new Float32Array(b * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(b);
  for (let i = 0; i < b; i++) {
    const source = indices[i]!;
    images.set(data.images.subarray(source * PIXELS_PER_IMAGE, (source + 1) * PIXELS_PER_IMAGE), i * PIXELS_PER_IMAGE);
    labels[i] = data.labels[source]!;
  }
  if (options.augment && options.rng) augmentBatch(images, b, IMAGE_SHAPE, options.augment, options.rng);
  if (options.preprocessing) applyPreprocessing(options.preprocessing, images);
  return { x: new Tensor([b, ...sampleShape], images), labels, indices: indices.slice() };
}
