/**
 * How the loop takes one step. The loop owns everything around a step (order, batches, augmentation,
 * schedule, pause, checkpoints, validation); a step function only turns one prepared batch into a
 * gradient and an update. `singleThreadStep` is core's own; main/parallel supplies one that splits the
 * batch across worker threads and sums their gradients between `computeGradients` and `applyUpdate`.
 */
import type { Model } from '../model.js';
import type { Optimizer } from '../optim/optimizer.js';
import type { Rng } from '../random.js';
import type { RegularisationSpec } from '../spec.js';
import type { Tensor } from '../tensor.js';
import { trainStep, type TrainStepResult } from './step.js';

export interface StepContext {
  model: Model;
  optimizer: Optimizer;
  regularisation?: RegularisationSpec;
  /**
   * The loop's stream; its state is in every checkpoint. Dropout's uniforms come from it on any executor
   * (main/parallel draws them on the main thread and its workers replay them).
   */
  rng: Rng;
}

/** One step on the batch (x, y one-hot); may be async (an executor waiting for its threads). */
export type StepFunction = (x: Tensor, y: Tensor, context: StepContext) => TrainStepResult | Promise<TrainStepResult>;

export const singleThreadStep: StepFunction = (x, y, context) =>
  trainStep(context.model, context.optimizer, x, y, { regularisation: context.regularisation, rng: context.rng });
