import { describe, expect, it } from 'vitest';
import { DataError } from '../errors.js';
import { makeDataset, PIXELS_PER_IMAGE } from './dataset.js';
import { checkFineTuneSet, holdOutPerClass, mixWithMnist, mnistMixCount, MIN_PER_CLASS } from './fine-tune-data.js';

/** 4 zeros, 10 ones, 3 sevens, interleaved. */
const labels = [0, 1, 7, 1, 0, 1, 7, 1, 0, 1, 1, 7, 1, 0, 1, 1, 1];

describe('holding part of each class out', () => {
  it('holds out round(n·share) of each class, at least one and leaving two to train', () => {
    const { trainIndices, heldOutIndices } = holdOutPerClass(labels, 0.25, 5);
    const heldPerClass = (digit: number) => [...heldOutIndices].filter((i) => labels[i] === digit).length;
    // zeros: round(1) = 1; ones: round(2.5) = 3; sevens: round(0.75) = 1.
    expect([heldPerClass(0), heldPerClass(1), heldPerClass(7)]).toEqual([1, 3, 1]);
    expect([...trainIndices, ...heldOutIndices].sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    expect(heldOutIndices.length + trainIndices.length).toBe(labels.length);
    // Three of a class: one held out, two train, whatever the share.
    expect([...holdOutPerClass([3, 3, 3], 0.9, 1).heldOutIndices]).toHaveLength(1);
  });

  it('is the same split for the same seed, another for another seed', () => {
    expect(holdOutPerClass(labels, 0.25, 5)).toEqual(holdOutPerClass(labels, 0.25, 5));
    const splits = new Set(Array.from({ length: 6 }, (_, seed) => [...holdOutPerClass(labels, 0.25, seed).heldOutIndices].join(',')));
    expect(splits.size).toBeGreaterThan(1);
  });

  it('refuses an empty set and a drawn class with too few digits, naming them', () => {
    expect(() => checkFineTuneSet([])).toThrow(/handwriting set is empty/);
    let caught: unknown;
    try {
      checkFineTuneSet([4, 4, 2, 2, 2, 9]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DataError);
    expect((caught as DataError).code).toBe('handwriting.too-few');
    expect((caught as DataError).params).toEqual({ digits: '4, 9', counts: '4: 2, 9: 1', min: MIN_PER_CLASS });
    expect((caught as DataError).message).toBe(
      'Too few digits of class 4, 9 (4: 2, 9: 1): fine-tuning holds part of each class out for evaluation, so every class you drew needs at least 3',
    );
    expect(() => holdOutPerClass(labels, 1, 0)).toThrow(/share 1 must be in \(0, 1\)/);
  });
});

describe('mixing MNIST in', () => {
  it('makes MNIST the given share of the mix', () => {
    expect(mnistMixCount(30, 0.5)).toBe(30);
    expect(mnistMixCount(30, 0.25)).toBe(10);
    expect(mnistMixCount(30, 0)).toBe(0);
    expect(() => mnistMixCount(30, 0.99)).toThrow(/MNIST share 0.99/);
    expect(() => mnistMixCount(30, 0.99)).toThrow(expect.objectContaining({ code: 'handwriting.mnist-share', params: expect.objectContaining({ share: 0.99 }) }));
  });

  it('puts the own digits first, then distinct MNIST images', () => {
    const own = makeDataset(new Float32Array(2 * PIXELS_PER_IMAGE).fill(0.5), Uint8Array.from([4, 7]));
    // Each MNIST image's first pixel is its index / 100, so the drawn ones are recognisable.
    const images = new Float32Array(50 * PIXELS_PER_IMAGE);
    for (let i = 0; i < 50; i++) images[i * PIXELS_PER_IMAGE] = i / 100;
    const mnist = makeDataset(images, Uint8Array.from({ length: 50 }, (_, i) => i % 10));
    const mix = mixWithMnist(own, mnist, 0.6, 3);
    expect(mix.count).toBe(2 + 3);
    expect([...mix.labels.subarray(0, 2)]).toEqual([4, 7]);
    const drawn = [2, 3, 4].map((k) => Math.round(mix.images[k * PIXELS_PER_IMAGE]! * 100));
    expect(new Set(drawn).size).toBe(3);
    drawn.forEach((index, k) => expect(mix.labels[2 + k]).toBe(index % 10));
  });
});
