/**
 * Is a 28×28 sample a digit at all? The pad and `predict` refuse to classify what is not, instead of
 * answering "0, 99.9% sure" for one click or "5" for a blank page. The rule is the sample's total ink
 * (the sum of its pixels, ink 1 on 0) against what MNIST's digits carry, measured on the 60,000
 * training images (min 19.9, 0.01% quantile 23.0, median 99.9, 99.99% quantile 266.5, max 311.7):
 *
 *   blank          total < BLANK_INK            nothing drawn (or a faint speck);
 *   too-little-ink total < MIN_DIGIT_INK        less than any MNIST digit;
 *   too-much-ink   total > MAX_DIGIT_INK        a blob or a scribble filled in: scaled into the 20 px box
 *                                               it covers more than all but 0.01% of MNIST digits.
 *
 * core/data/ink-check.test.ts checks the rule refuses at most 0.1% of MNIST test digits.
 */
export type InkVerdict = 'digit' | 'blank' | 'too-little-ink' | 'too-much-ink';

export const BLANK_INK = 1;
export const MIN_DIGIT_INK = 15;
export const MAX_DIGIT_INK = 270;

export function totalInk(sample: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < sample.length; i++) total += sample[i]!;
  return total;
}

export function inkVerdict(sample: ArrayLike<number>): InkVerdict {
  const total = totalInk(sample);
  if (!(total >= BLANK_INK)) return 'blank';
  if (total < MIN_DIGIT_INK) return 'too-little-ink';
  if (total > MAX_DIGIT_INK) return 'too-much-ink';
  return 'digit';
}
