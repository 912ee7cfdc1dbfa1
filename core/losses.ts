/**
 * Losses (TEXTBOOK §3). INTERFACE ONLY: implementation to be filled by its owner.
 * A loss takes the network's output [m, k] and a target of the same shape (one-hot rows for
 * classification) and returns the batch mean; gradient() is d(mean loss)/d(output).
 */
import type { Tensor } from './tensor.js';
import type { LossName } from './spec.js';

export interface Loss {
  readonly name: LossName;
  value(output: Tensor, target: Tensor): number;
  gradient(output: Tensor, target: Tensor): Tensor;
  /** What predict() shows: softmax of logits, sigmoid of a logit, or the output unchanged. */
  probabilities(output: Tensor): Tensor;
}

export declare function createLoss(name: LossName): Loss;
