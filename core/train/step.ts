/**
 * One training step on one mini-batch (TEXTBOOK §5, §7):
 *
 *   optimizer.beforeGradient(θ)          NAG moves θ to its look-ahead point; the others do nothing
 *   Z = forward(X)  (training mode)      dropout masks, BatchNorm batch statistics
 *   J = loss(Z, Y) + R(θ)                R: L1/L2 penalty on the weights only
 *   ∇θ = backward(∂loss/∂Z) + ∂R/∂θ
 *   optimizer.step(θ, ∇θ)
 *
 * Returns the objective J and the batch accuracy, both measured on the forward pass of this step.
 */
import type { Model } from '../model.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Rng } from '../random.js';
import type { RegularisationSpec } from '../spec.js';
import type { Tensor } from '../tensor.js';
import { accuracy } from '../metrics.js';
import { addRegularisationGradient, regularisationPenalty } from '../regularisation.js';

export interface TrainStepOptions {
  regularisation?: RegularisationSpec;
  /** Dropout's source of randomness; the model's own stream unless given. */
  rng?: Rng;
}

export interface TrainStepResult {
  /** Mean data loss of the batch plus the regularisation penalty. */
  loss: number;
  /** Share of the batch classified correctly (arg-max, or a threshold for one output). */
  accuracy: number;
}

export function trainStep(
  model: Model, optimizer: Optimizer, x: Tensor, y: Tensor, options: TrainStepOptions = {},
): TrainStepResult {
  const params = model.parameters();
  optimizer.beforeGradient(params);
  // Every tensor of this pass is consumed below, so layers may reuse their buffers from the last step.
  const output = model.forward(x, { training: true, rng: options.rng, reuseBuffers: true });
  const target = y.dtype === output.dtype ? y : y.as(output.dtype);
  const dataLoss = model.loss.value(output, target);
  const batchAccuracy = accuracy(output, target, { threshold: model.loss.name === 'sigmoid-bce' ? 0 : 0.5 });
  model.backward(model.loss.gradient(output, target), { inputGradient: false });
  addRegularisationGradient(params, options.regularisation);
  const loss = dataLoss + regularisationPenalty(params, options.regularisation);
  optimizer.step(params);
  return { loss, accuracy: batchAccuracy };
}
