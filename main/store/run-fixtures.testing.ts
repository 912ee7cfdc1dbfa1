/** Small specs and checkpoints for the run store's tests and the engine's tests of stored runs. */
import type { ModelSpec, TrainingCheckpoint, TrainSpec } from '@backprop-lab/core';

export const modelSpec: ModelSpec = { inputShape: [784], layers: [{ type: 'dense', units: 10 }], loss: 'softmax-cross-entropy' };
export const trainSpec: TrainSpec = {
  optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform', batchSize: 64, epochs: 5, seed: 1,
  validationSplit: 0.1, preprocess: { type: 'none' }, provider: 'reference',
};

/** The state after `epoch` epochs, the best so far being `bestEpoch`'s (null: no validation). */
export function checkpoint(epoch: number, bestEpoch: number | null): TrainingCheckpoint {
  const weights = { 'layers.0.weight': Float32Array.from({ length: 20 }, (_, i) => i * epoch), 'layers.0.bias': Float32Array.from([epoch, 1]) };
  return {
    epoch, globalIteration: epoch * 100, weights,
    optimizer: { stepCount: epoch * 100, buffers: [] },
    rng: { words: [epoch, 2, 3, 4], spareNormal: null },
    best: bestEpoch === null ? null : { epoch: bestEpoch, validationLoss: 0.5, validationAccuracy: 0.9, weights },
    epochsWithoutImprovement: epoch - (bestEpoch ?? 0),
    elapsedMs: epoch * 1000,
  };
}
