/**
 * Fine-tuning's "before": the starting weights of a run that begins from a library model, evaluated with
 * the model's own preprocessing on the run's test set (or, for a user dataset without one, on all its
 * training data), so the run can say what it changed.
 */
import { evaluateDataset, loadWeights, Model, type Kernels, type TrainData, type TrainSpec, type ModelSpec, type FittedPreprocessing, type Weights } from '@backprop-lab/core';
import type { StartEvaluation } from '../../contract/index.js';

export function evaluateStart(
  modelSpec: ModelSpec, trainSpec: TrainSpec, data: TrainData, kernels: Kernels,
  initial: { weights: Weights; preprocessing?: FittedPreprocessing },
): StartEvaluation {
  const model = Model.build(modelSpec, { kernels, seed: trainSpec.seed, init: trainSpec.init, dtype: 'float32' });
  loadWeights(model, initial.weights);
  const on = data.test ? 'test' : 'train';
  const samples = data.test ?? data.train;
  const { loss, accuracy } = evaluateDataset(model, initial.preprocessing ?? null, samples);
  return { on, count: samples.count, loss, accuracy };
}
