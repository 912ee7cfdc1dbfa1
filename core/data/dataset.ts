/**
 * The in-memory dataset every part of the engine reads (docs/architecture.md): images as one flat
 * Float32Array of `count` samples of shape [1, 28, 28] (NCHW, values in [0, 1] as read from files),
 * labels as class indices 0–9.
 */
import { DataError } from '../errors.js';

export const IMAGE_SHAPE: [1, 28, 28] = [1, 28, 28];
export const PIXELS_PER_IMAGE = 28 * 28;
export const CLASS_COUNT = 10;

export interface Dataset {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
  shape: [1, 28, 28];
  classes: 10;
}

/** Checks sizes and labels and wraps them as a Dataset; `source` names the file in errors. */
export function makeDataset(images: Float32Array, labels: Uint8Array, source = '—'): Dataset {
  const count = labels.length;
  if (images.length !== count * PIXELS_PER_IMAGE) {
    throw DataError.of('data.pixel-count', { file: source, values: images.length, count, needed: count * PIXELS_PER_IMAGE });
  }
  for (let i = 0; i < count; i++) {
    if (labels[i]! >= CLASS_COUNT) throw DataError.of('data.label-range', { file: source, label: labels[i]!, sample: i });
  }
  return { images, labels, count, shape: [1, 28, 28], classes: 10 };
}

/** Samples at `indices`, copied, in that order. */
export function subset(data: Dataset, indices: ArrayLike<number>): Dataset {
  const images = new Float32Array(indices.length * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    images.set(data.images.subarray(source * PIXELS_PER_IMAGE, (source + 1) * PIXELS_PER_IMAGE), i * PIXELS_PER_IMAGE);
    labels[i] = data.labels[source]!;
  }
  return { images, labels, count: indices.length, shape: [1, 28, 28], classes: 10 };
}

/** Several datasets one after another. */
export function concatDatasets(parts: Dataset[]): Dataset {
  const count = parts.reduce((sum, part) => sum + part.count, 0);
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  const labels = new Uint8Array(count);
  let offset = 0;
  for (const part of parts) {
    images.set(part.images, offset * PIXELS_PER_IMAGE);
    labels.set(part.labels, offset);
    offset += part.count;
  }
  return { images, labels, count, shape: [1, 28, 28], classes: 10 };
}
