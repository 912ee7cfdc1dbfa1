/**
 * The optimizer contract. INTERFACE ONLY: implementation to be filled by its owner.
 * Optimizers act on any list of parameter tensors (network weights or the race's (x, y)).
 */
import type { Tensor } from '../tensor.js';
import type { Kernels } from '../kernels/kernels.js';

export interface OptimizerParam {
  value: Tensor;
  grad: Tensor;
}

export interface Optimizer {
  readonly name: string;
  /** Steps taken so far (t in Adam's bias correction). */
  readonly stepCount: number;
  /**
   * Called before the gradient is computed. NAG moves θ to the look-ahead point θ − αv here
   * (seed 001) and step() moves back before updating; the others do nothing.
   */
  beforeGradient(params: OptimizerParam[]): void;
  /**
   * One update with the gradients now in params[i].grad, using `learningRate`; with `kernels`, a rule
   * the provider runs itself (SGD, Adam on `simd`) is updated there, the same formula in float32.
   */
  step(params: OptimizerParam[], kernels?: Kernels): void;
  /** η for the next step; the training loop sets it from the schedule each iteration (AdaDelta ignores it). */
  learningRate: number;
  /** Serialisable state (per-parameter buffers as plain number arrays, step count) for checkpoints. */
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
}

export interface OptimizerState {
  stepCount: number;
  /** One entry per parameter, in the order of the params list: named buffers (v, r, m, s...). */
  buffers: Record<string, number[]>[];
}
