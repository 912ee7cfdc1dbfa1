/**
 * Which MNIST digits the stroke test replays (stroke-test.ts `--split`). `test`: the first `count` test
 * digits, the figures the README publishes. `train`: the first `count` of the 5,000 training digits
 * cnn-best held out for validation (robust-split.ts), which neither cnn-best nor its fine-tune has seen,
 * as images or drawn through the pad's recipe: the digits on which a change to the recipe is chosen,
 * before the test digits are read once for the final figures.
 */
import { robustSplit } from './robust-split.js';

export const STROKE_TEST_SPLITS = ['test', 'train'] as const;
export type StrokeTestSplit = (typeof STROKE_TEST_SPLITS)[number];

/** The indices into the split's `partCount` digits that the stroke test replays; a RangeError when there are fewer than `count`. */
export function strokeTestSources(split: StrokeTestSplit, count: number, partCount: number): Uint32Array {
  // The held-out digits come from cnn-best's preset alone; the fine-tune's seed and counts do not move them.
  const sources = split === 'test' ? Uint32Array.from({ length: partCount }, (_, i) => i) : robustSplit(partCount, 0, 0, 0).validation;
  if (count > sources.length) {
    throw new RangeError(`--count ${count} is more than the ${sources.length} digits of the ${split} split`);
  }
  return sources.subarray(0, count);
}
