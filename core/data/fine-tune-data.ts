/**
 * The data of a fine-tune on a small set of one's own digits (TEXTBOOK §10.12, issue 12):
 *
 *   held out   per class c with n_c samples, h_c = clamp(round(n_c · share), 1, n_c − 2) samples are
 *              held out for evaluation, drawn by Rng(seed) from that class (stratified, so each digit
 *              drawn is measured before and after); the rest train. A class needs at least
 *              MIN_PER_CLASS samples (one held out, two to train); a class not drawn at all is allowed
 *              (MNIST's share covers it).
 *   mixed in   m = round(t · s / (1 − s)) MNIST training images for t own training digits, so MNIST is
 *              the fraction s of the mix (the model does not forget MNIST), drawn by Rng(seed) without
 *              replacement.
 */
import { DataError } from '../errors.js';
import { Rng } from '../random.js';
import { CLASS_COUNT, concatDatasets, subset, type Dataset } from './dataset.js';

export const MIN_PER_CLASS = 3;
/** The largest MNIST share: beyond it the user's digits would be too few to move the model. */
export const MAX_MNIST_SHARE = 0.95;

export interface HeldOutSplit {
  trainIndices: Uint32Array;
  heldOutIndices: Uint32Array;
}

/** Refuses a set that cannot be split: empty, or a drawn class with fewer than MIN_PER_CLASS samples. */
export function checkFineTuneSet(labels: ArrayLike<number>): void {
  if (labels.length === 0) throw DataError.of('handwriting.empty');
  const counts = classCounts(labels);
  const few = counts.flatMap((n, digit) => (n > 0 && n < MIN_PER_CLASS ? [digit] : []));
  if (few.length > 0) {
    throw DataError.of('handwriting.too-few', {
      digits: few.join(', '), counts: few.map((d) => `${d}: ${counts[d]}`).join(', '), min: MIN_PER_CLASS,
    });
  }
}

export function holdOutPerClass(labels: ArrayLike<number>, share: number, seed: number): HeldOutSplit {
  if (!(share > 0 && share < 1)) throw DataError.of('handwriting.held-out-share', { share });
  checkFineTuneSet(labels);
  const rng = new Rng(seed);
  const train: number[] = [];
  const heldOut: number[] = [];
  for (let digit = 0; digit < CLASS_COUNT; digit++) {
    const members = Uint32Array.from(indicesOf(labels, digit));
    if (members.length === 0) continue;
    rng.shuffle(members);
    const held = Math.min(members.length - 2, Math.max(1, Math.round(members.length * share)));
    heldOut.push(...members.subarray(0, held));
    train.push(...members.subarray(held));
  }
  return { trainIndices: Uint32Array.from(train).sort(), heldOutIndices: Uint32Array.from(heldOut).sort() };
}

/** How many MNIST images make MNIST the fraction `share` of a mix with `own` digits. */
export function mnistMixCount(own: number, share: number): number {
  if (!(share >= 0 && share <= MAX_MNIST_SHARE)) throw DataError.of('handwriting.mnist-share', { share, max: MAX_MNIST_SHARE });
  return Math.round((own * share) / (1 - share));
}

/** The user's training digits followed by the MNIST share, drawn from `mnist` by Rng(seed). */
export function mixWithMnist(own: Dataset, mnist: Dataset, share: number, seed: number): Dataset {
  const count = Math.min(mnist.count, mnistMixCount(own.count, share));
  const order = Uint32Array.from({ length: mnist.count }, (_, i) => i);
  new Rng(seed).shuffle(order);
  return concatDatasets([own, subset(mnist, order.subarray(0, count))]);
}

function classCounts(labels: ArrayLike<number>): number[] {
  const counts = new Array<number>(CLASS_COUNT).fill(0);
  for (let i = 0; i < labels.length; i++) counts[labels[i]!]!++;
  return counts;
}

function indicesOf(labels: ArrayLike<number>, digit: number): number[] {
  const found: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === digit) found.push(i);
  return found;
}
