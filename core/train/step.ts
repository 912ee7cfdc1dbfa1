/**
 * One training step on one mini-batch (TEXTBOOK §5, §7):
 *
 *   optimizer.beforeGradient(θ)          NAG moves θ to its look-ahead point; the others do nothing
 *   Z = forward(X)  (training mode)      dropout masks, BatchNorm batch statistics
 *   J = loss(Z, Y) + R(θ)                R: L1/L2 penalty on the weights only
 *   ∇θ = backward(∂loss/∂Z) + ∂R/∂θ
 *   optimizer.step(θ, ∇θ)
 *
 * Returns the objective J and the batch accuracy, both measured on the forward pass of this step. The
 * step is two halves, `computeBatchGradients` (forward + backward) and `applyUpdate` (penalty + optimizer), so
 * an executor can sum gradients from several threads in between (main/parallel).
 */
import type { Model } from '../model.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { UniformSource } from '../random.js';
import type { BatchReducer } from '../layers/batch-statistics.js';
import type { RegularisationSpec } from '../spec.js';
import type { Tensor } from '../tensor.js';
import { accuracy } from '../metrics.js';
import { lossValueAndGradient } from '../losses.js';
import { addRegularisationGradient, regularisationPenalty } from '../regularisation.js';

export interface TrainStepOptions {
  regularisation?: RegularisationSpec;
  /** Dropout's source of randomness; the model's own stream unless given. */
  rng?: UniformSource;
}

export interface BatchGradientOptions extends Pick<TrainStepOptions, 'rng'> {
  /** (x, y) is one slice of a batch split across threads: BatchNorm uses the batch's statistics. */
  batchStatistics?: BatchReducer;
}

export interface TrainStepResult {
  /** Mean data loss of the batch plus the regularisation penalty. */
  loss: number;
  /** Share of the batch classified correctly (arg-max, or a threshold for one output). */
  accuracy: number;
}

/**
 * The first half of a step: forward in training mode on (x, y) and backward, leaving ∂loss/∂θ of this
 * batch's mean data loss in every parameter's grad (no penalty yet). An executor that splits a batch
 * across threads calls this on each slice and sums the slices' gradients weighted by m_k/m before the
 * update. NAG's look-ahead (`optimizer.beforeGradient`) must already have moved θ.
 */
export function computeBatchGradients(model: Model, x: Tensor, y: Tensor, options: BatchGradientOptions = {}): TrainStepResult {
  // Every tensor of this pass is consumed below, so layers may reuse their buffers from the last step.
  const output = model.forward(x, { training: true, rng: options.rng, batchStatistics: options.batchStatistics, reuseBuffers: true });
  const target = y.dtype === output.dtype ? y : y.as(output.dtype);
  const { value: loss, gradient } = lossValueAndGradient(model.loss, output, target);
  const batchAccuracy = accuracy(output, target, { threshold: model.loss.name === 'sigmoid-bce' ? 0 : 0.5 });
  model.backward(gradient, { inputGradient: false });
  return { loss, accuracy: batchAccuracy };
}

/**
 * The second half: ∇θ += ∂R/∂θ, then the optimizer's update. Returns R(θ), the penalty measured on the
 * weights the gradient was taken at (before the update), which the step adds to the data loss.
 */
export function applyUpdate(model: Model, optimizer: Optimizer, regularisation?: RegularisationSpec): number {
  const params = model.parameters();
  addRegularisationGradient(params, regularisation);
  const penalty = regularisationPenalty(params, regularisation);
  optimizer.step(params, model.kernels);
  return penalty;
}

/** One whole step on one thread: look-ahead, gradients, update. */
export function trainStep(
  model: Model, optimizer: Optimizer, x: Tensor, y: Tensor, options: TrainStepOptions = {},
): TrainStepResult {
  optimizer.beforeGradient(model.parameters());
  const result = computeBatchGradients(model, x, y, options);
  const penalty = applyUpdate(model, optimizer, options.regularisation);
  return { loss: result.loss + penalty, accuracy: result.accuracy };
}
