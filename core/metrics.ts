/**
 * The 0-1 loss and accuracy (TEXTBOOK §3, seed 000 (1.11)): a sample counts as wrong (1) when the
 * predicted class differs from the true one, else 0; error rate = mean 0-1 loss, accuracy = 1 − it.
 * With several columns the predicted class is the row's arg-max (target: one-hot or class scores).
 * With one column (a binary output) the prediction is output > threshold, compared with target > 0.5;
 * the threshold is 0.5 for a probability and 0 for a logit.
 */
import type { Tensor } from './tensor.js';
import { formatShape, sameShape } from './tensor.js';

export interface AccuracyOptions {
  /** Decision threshold for a single-column output; 0.5 (probabilities) unless told. */
  threshold?: number;
}

export function argmaxRow(values: ArrayLike<number>, row: number, width: number): number {
  const start = row * width;
  let best = 0;
  for (let j = 1; j < width; j++) if (values[start + j]! > values[start + best]!) best = j;
  return best;
}

/** Number of rows whose predicted class matches the target's. */
export function countCorrect(output: Tensor, target: Tensor, options: AccuracyOptions = {}): number {
  if (!sameShape(output.shape, target.shape)) {
    throw new Error(`accuracy: output ${formatShape(output.shape)} and target ${formatShape(target.shape)} differ`);
  }
  const m = output.shape[0] ?? 0;
  if (m === 0) return 0;
  const width = output.size / m;
  let correct = 0;
  if (width === 1) {
    const threshold = options.threshold ?? 0.5;
    for (let i = 0; i < m; i++) {
      if ((output.data[i]! > threshold) === (target.data[i]! > 0.5)) correct++;
    }
    return correct;
  }
  for (let i = 0; i < m; i++) {
    if (argmaxRow(output.data, i, width) === argmaxRow(target.data, i, width)) correct++;
  }
  return correct;
}

/** Share of rows classified correctly, in [0, 1]. */
export function accuracy(output: Tensor, target: Tensor, options: AccuracyOptions = {}): number {
  const m = output.shape[0] ?? 0;
  return m === 0 ? 0 : countCorrect(output, target, options) / m;
}

/** Mean 0-1 loss = 1 − accuracy. */
export function zeroOneError(output: Tensor, target: Tensor, options: AccuracyOptions = {}): number {
  return 1 - accuracy(output, target, options);
}
