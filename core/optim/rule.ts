/**
 * The shape every optimizer takes (MLX's init_single/apply_single): named state buffers, each the size
 * of its parameter and zero at the start, and an update that changes one parameter in place from its
 * gradient. `base.ts` walks the parameter list, counts steps and saves the buffers; a rule only does
 * the arithmetic of its formula.
 */
import type { TensorData } from '../tensor.js';
import type { Kernels } from '../kernels/kernels.js';
import type { FieldRule } from '../fields.js';

/** η for the optimizers that need one given (SGD, momentum, NAG, AdaGrad). */
export const requiredLearningRate = { kind: 'number', range: 'positive', optional: false, meaning: 'the learning rate' } as const satisfies FieldRule;

/** A decay rate α, β or ρ in [0, 1) with its default. */
export function decayRate<const D extends number>(value: D) {
  return { kind: 'number', range: 'fraction', optional: true, default: value } as const satisfies FieldRule;
}

/** η for RMSProp and Adam, which have a default. */
export function defaultLearningRate<const D extends number>(value: D) {
  return { kind: 'number', range: 'positive', optional: true, default: value, meaning: 'the learning rate' } as const satisfies FieldRule;
}

/** A positive hyperparameter (ε) with its default. */
export function positiveNumber<const D extends number>(value: D) {
  return { kind: 'number', range: 'positive', optional: true, default: value } as const satisfies FieldRule;
}

/** Whether ε sits inside the square root (seed 000's variant); outside by default. */
export const epsilonInsideRoot = { kind: 'boolean', optional: true, default: false } as const satisfies FieldRule;

export type Buffers = Record<string, TensorData>;

export interface UpdateRule {
  readonly name: string;
  /** State saved in checkpoints, one buffer per name per parameter (v, r, m, s, ...). */
  readonly stateNames: readonly string[];
  /** Working buffers that are not state (NAG's copy of θ while it looks ahead); never saved. */
  readonly scratchNames?: readonly string[];
  /** Updates θ in place from g; `lr` is η, `t` counts steps from 1 (Adam's bias correction). */
  apply(theta: TensorData, grad: TensorData, state: Buffers, lr: number, t: number): void;
  /**
   * The same update as a kernel call where the provider has one (Kernels.sgdUpdate, adamUpdate: SIMD
   * in the `simd` module); returns false when it has none for these buffers, and `apply` runs instead.
   */
  applyWith?(kernels: Kernels, theta: TensorData, grad: TensorData, state: Buffers, lr: number, t: number): boolean;
  /** Moves θ before the gradient is taken (NAG's look-ahead); absent for the others. */
  beforeGradient?(theta: TensorData, state: Buffers, scratch: Buffers): void;
  /** Prepares θ for `apply` after `beforeGradient` (NAG moves back); absent for the others. */
  afterGradient?(theta: TensorData, state: Buffers, scratch: Buffers): void;
}
