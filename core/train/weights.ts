/**
 * A model's state as plain data: every tensor of `stateDict()` (weights and buffers such as BatchNorm
 * running statistics) copied out by dotted name and copied back in: checkpoints and the best-so-far
 * weights are plain Float32Arrays, cheap to clone and to send to a host.
 */
import { SpecError } from '../errors.js';
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';

export type Weights = Record<string, Float32Array>;

export function copyWeights(model: Model): Weights {
  const weights: Weights = {};
  for (const [name, tensor] of Object.entries(model.stateDict())) weights[name] = Float32Array.from(tensor.data);
  return weights;
}

/** Copies `weights` into the model; every name must match and every size agree, else nothing changes. */
export function loadWeights(model: Model, weights: Weights): void {
  const state: Record<string, Tensor> = {};
  for (const [name, tensor] of Object.entries(model.stateDict())) {
    const values = weights[name];
    if (values && values.length !== tensor.size) {
      throw SpecError.of('model.saved-tensor-size', { tensor: name, length: values.length, size: tensor.size });
    }
    if (values) state[name] = new Tensor(tensor.shape, values);
  }
  for (const name of Object.keys(weights)) if (!(name in state)) state[name] = new Tensor([weights[name]!.length], weights[name]!);
  model.loadStateDict(state);
}
