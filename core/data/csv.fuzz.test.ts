/** Fuzz of the Kaggle-layout CSV reader: every mutated file ends in digits or a DataError naming the file. */
import { describe, expect, it } from 'vitest';
import { DataError, encodeCsv, makeDataset, parseCsvDataset, parseDigitCsv } from '@backprop-lab/core';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';

function twoDigits() {
  const images = new Float32Array(2 * 784);
  for (let i = 200; i < 600; i += 3) images[i] = 1;
  images[784 + 400] = 0.5;
  return makeDataset(images, Uint8Array.of(7, 3));
}

describe('fuzz: CSV', () => {
  it('300 mutated CSV files (with and without the header and label column) end in a Dataset or a DataError', async () => {
    const withLabels = encodeCsv(twoDigits());
    const unlabelled = withLabels.split('\n').slice(1).map((line) => line.slice(line.indexOf(',') + 1)).join('\n');
    const seeds = [withLabels, unlabelled].map((text) => new TextEncoder().encode(text));
    const lineEnds = (text: string) => [...text.matchAll(/\n/g)].map((m) => m.index);
    const report = await fuzz({
      name: 'CSV', seeds, boundaries: [lineEnds(withLabels), lineEnds(unlabelled)],
      // Labelled files go on to the training-set reader (what dataset import calls), unlabelled ones stop at the rows.
      read: (bytes) => (parseDigitCsv(bytes, 'fuzz.csv').labels ? parseCsvDataset(bytes, 'fuzz.csv') : null), isOwnError: (e) => e instanceof DataError, coded: true, mentions: /fuzz\.csv/,
    });
    expect(failuresOf(report)).toEqual([]);
  });
});
