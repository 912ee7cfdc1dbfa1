/**
 * One Optimizer from one UpdateRule: walks the parameter list, counts steps, creates each parameter's
 * state buffers on first use (zeros, in the parameter's own dtype), and saves and restores them as
 * plain numbers. float32 → number → float32 is exact, so a checkpoint resumes bit-identically.
 */
import type { Optimizer, OptimizerParam, OptimizerState } from './optimizer.js';
import type { UpdateRule } from './rule.js';
import { checkState, createSlot, type Slot } from './slots.js';

export function optimizerFromRule(rule: UpdateRule, learningRate: number): Optimizer {
  let slots: Slot[] | null = null;
  let pending: OptimizerState | null = null;
  let stepCount = 0;
  let lookingAhead = false;

  function slotsFor(params: OptimizerParam[]): Slot[] {
    if (slots === null) {
      // A fresh optimizer's state (no step yet) has no buffers and fits any parameter list.
      if (pending && pending.stepCount === 0 && pending.buffers.length === 0) pending = null;
      if (pending && pending.buffers.length !== params.length) {
        throw new Error(
          `${rule.name}: saved state has ${pending.buffers.length} parameters but the model has ${params.length}`,
        );
      }
      slots = params.map((param, index) => createSlot(rule, param, pending?.buffers[index], index));
      pending = null;
    } else if (slots.length !== params.length) {
      throw new Error(`${rule.name}: was used with ${slots.length} parameters, now given ${params.length}`);
    }
    return slots;
  }

  const optimizer: Optimizer = {
    name: rule.name,
    learningRate,
    get stepCount() {
      return stepCount;
    },
    beforeGradient(params) {
      if (!rule.beforeGradient) return;
      const all = slotsFor(params);
      params.forEach((param, i) => rule.beforeGradient!(param.value.data, all[i]!.state, all[i]!.scratch));
      lookingAhead = true;
    },
    step(params, kernels) {
      const all = slotsFor(params);
      stepCount += 1;
      for (let i = 0; i < params.length; i++) {
        const param = params[i]!;
        const slot = all[i]!;
        if (lookingAhead) rule.afterGradient?.(param.value.data, slot.state, slot.scratch);
        const [theta, grad, lr] = [param.value.data, param.grad.data, optimizer.learningRate];
        if (!kernels || !rule.applyWith?.(kernels, theta, grad, slot.state, lr, stepCount)) rule.apply(theta, grad, slot.state, lr, stepCount);
      }
      lookingAhead = false;
    },
    getState() {
      if (slots === null) return pending ? structuredClone(pending) : { stepCount, buffers: [] };
      const buffers = slots.map((slot) =>
        Object.fromEntries(rule.stateNames.map((name) => [name, Array.from(slot.state[name]!)])),
      );
      return { stepCount, buffers };
    },
    setState(state) {
      checkState(rule, state);
      stepCount = state.stepCount;
      pending = structuredClone(state);
      slots = null;
      lookingAhead = false;
    },
  };
  return optimizer;
}
