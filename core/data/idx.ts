/**
 * IDX files (the MNIST distribution format, also Fashion-MNIST and EMNIST), plain or gzip-compressed.
 *
 *   bytes 0–1  zero
 *   byte  2    data type (0x08 = unsigned byte; the only type digit data uses)
 *   byte  3    number of dimensions d
 *   then d big-endian uint32 sizes, then the values row-major.
 *
 * Images: magic 0x00000803, sizes [n, 28, 28]; labels: magic 0x00000801, sizes [n].
 * Image bytes 0–255 become [0, 1] by /255.
 */
import { DataError } from '../errors.js';
import { readLimits } from '../limits.js';
import { makeDataset, type Dataset, PIXELS_PER_IMAGE } from './dataset.js';
import { gunzipExact, isGzip } from './gzip.js';

export { isGzip };

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxArray {
  magic: number;
  dims: number[];
  data: Uint8Array;
}

interface IdxHeader {
  magic: number;
  dims: number[];
  headerLength: number;
  /** Header plus values: the exact length of the file. */
  totalLength: number;
}

/**
 * Parses an unsigned-byte IDX array (inflating gzip first) and checks its magic number, its sizes
 * against readLimits, and its length. A gzip file's buffer is sized from this header once checked.
 */
export function parseIdx(input: Uint8Array, file: string, expectedMagic: number): IdxArray {
  if (input.length > readLimits.maxDataFileBytes) {
    throw DataError.of('idx.too-large', { file, bytes: input.length, max: readLimits.maxDataFileBytes });
  }
  const bytes = isGzip(input) ? gunzipExact(input, file, (prefix) => readIdxHeader(prefix, file, expectedMagic)?.totalLength) : input;
  const header = readIdxHeader(bytes, file, expectedMagic);
  if (!header) throw DataError.of('idx.truncated-header', { file, length: bytes.length, needed: headerLengthOf(bytes) });
  const { magic, dims, headerLength, totalLength } = header;
  if (bytes.length < totalLength) {
    throw DataError.of('idx.truncated', { file, length: bytes.length, expected: totalLength, dims: dims.join(', ') });
  }
  if (bytes.length > totalLength) {
    throw DataError.of('idx.trailing-bytes', { file, extra: bytes.length - totalLength, expected: totalLength });
  }
  return { magic, dims, data: bytes.subarray(headerLength, totalLength) };
}

/** The header, checked against readLimits; undefined while `bytes` is too short to hold it. */
function readIdxHeader(bytes: Uint8Array, file: string, expectedMagic: number): IdxHeader | undefined {
  if (bytes.length < 4) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== expectedMagic) {
    throw DataError.of(expectedMagic === IDX_IMAGES_MAGIC ? 'idx.images-magic' : 'idx.labels-magic', { file, magic: hex(magic), expected: hex(expectedMagic) });
  }
  const headerLength = headerLengthOf(bytes);
  if (bytes.length < headerLength) return undefined;
  const dims: number[] = [];
  for (let i = 0; i < (magic & 0xff); i++) dims.push(view.getUint32(4 + 4 * i, false));
  if (dims[0]! > readLimits.maxImages) {
    throw DataError.of(magic === IDX_IMAGES_MAGIC ? 'idx.too-many-images' : 'idx.too-many-labels', { file, count: dims[0]!, max: readLimits.maxImages });
  }
  const valueCount = dims.reduce((product, size) => product * size, 1);
  if (headerLength + valueCount > readLimits.maxDataFileBytes) {
    throw DataError.of('idx.sizes-too-large', { file, dims: dims.join(', '), bytes: headerLength + valueCount, max: readLimits.maxDataFileBytes });
  }
  return { magic, dims, headerLength, totalLength: headerLength + valueCount };
}

function headerLengthOf(bytes: Uint8Array): number {
  return bytes.length < 4 ? 4 : 4 + 4 * bytes[3]!;
}

/** IDX images [n, 28, 28] → pixels in [0, 1]. */
export function parseIdxImages(bytes: Uint8Array, file: string): { images: Float32Array; count: number } {
  const { dims, data } = parseIdx(bytes, file, IDX_IMAGES_MAGIC);
  const [count, rows, cols] = dims as [number, number, number];
  if (rows !== 28 || cols !== 28) throw DataError.of('idx.image-size', { file, rows, cols });
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  for (let i = 0; i < images.length; i++) images[i] = data[i]! / 255;
  return { images, count };
}

/** IDX labels [n], each 0–9. */
export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  const { data } = parseIdx(bytes, file, IDX_LABELS_MAGIC);
  for (let i = 0; i < data.length; i++) {
    if (data[i]! > 9) throw DataError.of('idx.label-range', { file, label: data[i]!, sample: i });
  }
  return data.slice();
}

/** An images file and a labels file → Dataset, checking the counts agree. */
export function parseIdxPair(
  imageBytes: Uint8Array, imageFile: string, labelBytes: Uint8Array, labelFile: string,
): Dataset {
  const { images, count } = parseIdxImages(imageBytes, imageFile);
  const labels = parseIdxLabels(labelBytes, labelFile);
  if (labels.length !== count) {
    throw DataError.of('idx.count-mismatch', { file: labelFile, images: count, imagesFile: imageFile, labels: labels.length });
  }
  return makeDataset(images, labels, imageFile);
}

/** A pixel in [0, 1] as the byte an IDX file stores it: clamped to [0, 1], then the nearest of 0–255. */
export function idxByte(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 255);
}

/** The dataset as it reads back from its IDX files (`encodeIdx`, then `parseIdxPair`): pixels idxByte(v) / 255. */
export function asReadFromIdx(data: Dataset): Dataset {
  return { ...data, images: data.images.map((v) => idxByte(v) / 255) };
}

/** Encodes a Dataset back to IDX bytes (images rounded to 0–255 by `idxByte`); used by import and tests. */
export function encodeIdx(data: Dataset): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(16 + data.count * PIXELS_PER_IMAGE);
  const imageView = new DataView(images.buffer);
  imageView.setUint32(0, IDX_IMAGES_MAGIC, false);
  imageView.setUint32(4, data.count, false);
  imageView.setUint32(8, 28, false);
  imageView.setUint32(12, 28, false);
  for (let i = 0; i < data.images.length; i++) {
    images[16 + i] = idxByte(data.images[i]!);
  }
  const labels = new Uint8Array(8 + data.count);
  const labelView = new DataView(labels.buffer);
  labelView.setUint32(0, IDX_LABELS_MAGIC, false);
  labelView.setUint32(4, data.count, false);
  labels.set(data.labels, 8);
  return { images, labels };
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
