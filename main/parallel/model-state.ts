/**
 * A model's state as the exchange lays it out: every parameter's values (Model.parameters() order), then
 * every buffer (BatchNorm running statistics: stateDict's entries that are not parameters). The main
 * thread and each worker build the same spec, so both see the same order and sizes.
 */
import type { Model, Tensor } from '@backprop-lab/core';

export interface ModelState {
  values: Tensor[];
  grads: Tensor[];
  buffers: Tensor[];
  parameterValues: number;
  bufferValues: number;
}

export function modelState(model: Model): ModelState {
  const params = model.parameters();
  const names = new Set(params.map((p) => p.name));
  const buffers = Object.entries(model.stateDict()).filter(([name]) => !names.has(name)).map(([, tensor]) => tensor);
  const size = (tensors: Tensor[]) => tensors.reduce((sum, t) => sum + t.size, 0);
  return {
    values: params.map((p) => p.value),
    grads: params.map((p) => p.grad),
    buffers,
    parameterValues: size(params.map((p) => p.value)),
    bufferValues: size(buffers),
  };
}

/** Copies the tensors one after another into `target` from `offset`; returns the offset after them. */
export function writeTensors(tensors: readonly Tensor[], target: Float32Array | Float64Array, offset: number): number {
  for (const tensor of tensors) {
    target.set(tensor.data, offset);
    offset += tensor.size;
  }
  return offset;
}

/** Fills the tensors one after another from `source` from `offset`; returns the offset after them. */
export function readTensors(tensors: readonly Tensor[], source: Float32Array | Float64Array, offset: number): number {
  for (const tensor of tensors) {
    tensor.data.set(source.subarray(offset, offset + tensor.size));
    offset += tensor.size;
  }
  return offset;
}
