/** The stroke test's digits: the test split's first ones, or training digits cnn-best and its fine-tune never saw. */
import { describe, expect, it } from 'vitest';
import { getPreset, runSplit } from '@backprop-lab/core';
import { robustSplit } from './robust-split.js';
import { strokeTestSources } from './stroke-test-digits.js';

const MNIST_TRAIN = 60000;
const MNIST_TEST = 10000;

describe('stroke test digits', () => {
  it('the test split gives its first digits in order', () => {
    expect(Array.from(strokeTestSources('test', 5, MNIST_TEST))).toEqual([0, 1, 2, 3, 4]);
    expect(strokeTestSources('test', MNIST_TEST, MNIST_TEST)).toHaveLength(MNIST_TEST);
  });

  it('the train split gives 5,000 distinct training digits outside everything cnn-best and its fine-tune trained on', () => {
    const sources = strokeTestSources('train', 5000, MNIST_TRAIN);
    expect(new Set(sources).size).toBe(5000);
    expect(sources.every((i) => Number.isInteger(i) && i >= 0 && i < MNIST_TRAIN)).toBe(true);
    // cnn-best's own training digits, from its preset's split (10% of 60,000 held out).
    const { trainSpec } = getPreset('cnn-best');
    const trained = new Set(runSplit(MNIST_TRAIN, trainSpec.validationSplit, trainSpec.seed).trainIndices);
    expect(trained.size).toBe(MNIST_TRAIN - 5000);
    // The robust fine-tune's originals, writer variants and pad-rendered digits, at its largest counts and two seeds.
    const fineTuned = [612, 7].flatMap((seed) => {
      const split = robustSplit(MNIST_TRAIN, seed, 55000, 55000, 55000);
      return [...split.originals, ...split.variantSources, ...split.padSources];
    });
    const seen = new Set([...trained, ...fineTuned]);
    expect(sources.filter((i) => seen.has(i))).toEqual(new Uint32Array(0));
  });

  it('a count above the split refuses with the split and its size', () => {
    expect(() => strokeTestSources('train', 5001, MNIST_TRAIN)).toThrow('--count 5001 is more than the 5000 digits of the train split');
    expect(() => strokeTestSources('test', 10001, MNIST_TEST)).toThrow('--count 10001 is more than the 10000 digits of the test split');
  });
});
