/**
 * Fuzz of the IDX readers (plain and gzip, images, labels and the pair a dataset import reads): each
 * mutated file ends in a Dataset or a DataError naming the file, never a raw error or a buffer sized
 * from a forged dimension.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError, parseIdxImages, parseIdxLabels, parseIdxPair } from '@backprop-lab/core';
import { idxBytes } from '../testing/file-builders.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';

const images = idxBytes(0x803, [2, 28, 28], new Uint8Array(1568).map((_, i) => i % 256));
const labels = idxBytes(0x801, [2], [7, 3]);
const isDataError = (error: unknown) => error instanceof DataError;
/** Magic, each dimension, the first and last value: where a cut changes what the header promises. */
const imageBoundaries = [2, 3, 4, 8, 12, 16, 16 + 784, images.length - 1];

describe('fuzz: IDX', () => {
  it('images: 300 mutated files end in images or a DataError naming the file', async () => {
    const report = await fuzz({
      name: 'IDX images', seeds: [images], boundaries: [imageBoundaries],
      read: (bytes) => parseIdxImages(bytes, 'fuzz-images.idx'), isOwnError: isDataError, coded: true, mentions: /fuzz-images\.idx/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('labels: 300 mutated files end in labels or a DataError naming the file', async () => {
    const report = await fuzz({
      name: 'IDX labels', seeds: [idxBytes(0x801, [5], [0, 1, 2, 3, 9])], boundaries: [[4, 8, 9]],
      read: (bytes) => parseIdxLabels(bytes, 'fuzz-labels.idx'), isOwnError: isDataError, coded: true, mentions: /fuzz-labels\.idx/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('gzip: 300 mutated .gz files (header, deflate stream, CRC and ISIZE trailer) end in data or a DataError', async () => {
    const gzImages = gzipSync(images);
    const gzLabels = gzipSync(labels);
    const report = await fuzz({
      name: 'gzip IDX', seeds: [gzImages, gzLabels],
      boundaries: [[10, gzImages.length - 8, gzImages.length - 4], [10, gzLabels.length - 8, gzLabels.length - 4]],
      // The labels seed is the short one; either reader must cope with the other's bytes too.
      read: (bytes) => (bytes.length < 60 ? parseIdxLabels(bytes, 'fuzz.idx.gz') : parseIdxImages(bytes, 'fuzz.idx.gz')),
      isOwnError: isDataError, coded: true, mentions: /fuzz\.idx\.gz/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('the pair: mutated images against good labels end in a Dataset or a DataError naming one of the files', async () => {
    const report = await fuzz({
      name: 'IDX pair', seeds: [images], boundaries: [imageBoundaries],
      read: (bytes) => parseIdxPair(bytes, 'a-images-idx3-ubyte', labels, 'a-labels-idx1-ubyte'),
      isOwnError: isDataError, coded: true, mentions: /a-(images|labels)-idx/,
    });
    expect(failuresOf(report)).toEqual([]);
  });
});
