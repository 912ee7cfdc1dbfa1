/**
 * Per-parameter optimizer state: the rule's named buffers, zero or restored from a checkpoint, in the
 * parameter's own dtype, each checked against the parameter's size so a checkpoint from another model
 * fails with the parameter's index and both sizes.
 */
import { allocate, type DType, type TensorData } from '../tensor.js';
import { SpecError } from '../errors.js';
import type { OptimizerParam, OptimizerState } from './optimizer.js';
import type { Buffers, UpdateRule } from './rule.js';

export interface Slot {
  state: Buffers;
  scratch: Buffers;
}

export function createSlot(rule: UpdateRule, param: OptimizerParam, saved: Record<string, number[]> | undefined, index: number): Slot {
  const size = param.value.size;
  const dtype = param.value.dtype;
  if (param.grad.size !== size) {
    throw new Error(`${rule.name}: parameter ${index} has ${size} values but its gradient has ${param.grad.size}`);
  }
  const state: Buffers = {};
  for (const name of rule.stateNames) {
    const values = saved?.[name];
    if (values && values.length !== size) {
      throw new Error(
        `${rule.name}: saved buffer '${name}' of parameter ${index} has ${values.length} values, the parameter has ${size}`,
      );
    }
    state[name] = filled(dtype, size, values);
  }
  const scratch: Buffers = {};
  for (const name of rule.scratchNames ?? []) scratch[name] = allocate(dtype, size);
  return { state, scratch };
}

function filled(dtype: DType, size: number, values: number[] | undefined): TensorData {
  const data = allocate(dtype, size);
  if (values) data.set(values);
  return data;
}

export function checkState(rule: UpdateRule, state: OptimizerState): void {
  if (!Number.isInteger(state.stepCount) || state.stepCount < 0) {
    throw SpecError.of('optimizer.saved-step-count', { optimizer: rule.name, got: String(state.stepCount) });
  }
  state.buffers.forEach((buffers, index) => {
    for (const name of rule.stateNames) {
      if (!Array.isArray(buffers[name])) {
        throw SpecError.of('optimizer.saved-buffer', { optimizer: rule.name, index, buffer: name });
      }
    }
  });
}
