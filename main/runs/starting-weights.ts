/**
 * Whether a library model's weights can start a run of a given network: every tensor the network has,
 * with the same shape, and no tensor it lacks (the rule of Model.loadStateDict). One check, used by the
 * lifecycle before a run from a model is created and by the Train form's model picker (models.fitting),
 * so the picker offers exactly the models a start would accept; a refusal travels as a code and
 * parameters (run.start-tensor-*), translated by the renderer.
 */
import { formatShape, Model, sameShape, selectKernels, type ModelSpec } from '@backprop-lab/core';
import { HostError } from '../../contract/index.js';

/** Tensor name → shape. */
export type TensorShapes = Record<string, readonly number[]>;

/** The tensors a network of `modelSpec` holds (weights and buffers), by dotted name: `layers.0.weight`. */
export async function tensorShapesOf(modelSpec: ModelSpec): Promise<TensorShapes> {
  const model = Model.build(modelSpec, { kernels: await selectKernels('js'), seed: 0, dtype: 'float32' });
  return Object.fromEntries(Object.entries(model.stateDict()).map(([name, tensor]) => [name, tensor.shape]));
}

/** Why the weights `saved` (of library model `modelId`) cannot start a network holding `needed`; null when they fit. */
export function weightsMisfit(modelId: string, needed: TensorShapes, saved: TensorShapes): HostError | null {
  for (const [tensor, shape] of Object.entries(needed)) {
    const savedShape = saved[tensor];
    if (!savedShape) return new HostError('run.start-tensor-missing', { modelId, tensor, shape: formatShape(shape) });
    if (!sameShape(savedShape, shape)) {
      return new HostError('run.start-tensor-shape', { modelId, tensor, savedShape: formatShape(savedShape), shape: formatShape(shape) });
    }
  }
  const extra = Object.keys(saved).find((tensor) => !(tensor in needed));
  return extra === undefined ? null : new HostError('run.start-tensor-extra', { modelId, tensor: extra });
}
