/**
 * L1 and L2 regularisation (TEXTBOOK §7), on the parameters marked `regularised` only: weights are
 * penalised; biases, BatchNorm's γ and β are not (seed 004).
 *   penalty   R(W) = λ₁·Σ|w| + (λ₂/2)·Σw²
 *   gradient  ∂R/∂w = λ₁·sign(w) + λ₂·w            (sign(0) = 0)
 * L2 convention: λ₂/2·‖W‖², so that L2 with SGD is exactly weight decay,
 *   w ← w − η(∇J + λ₂w) = (1 − ηλ₂)·w − η∇J,
 * which is the TEXTBOOK's "equivalently" and PyTorch's `weight_decay = λ₂` (fixture
 * optimizers.json, sgd_weight_decay_lr0.1_lambda0.01). Written as λ‖W‖², the decay would be 1 − 2ηλ.
 */
import type { RegularisationSpec } from './spec.js';
import type { Param } from './layers/layer.js';
import { SpecError } from './errors.js';
import { readFields, type FieldTable } from './fields.js';

export type RegularisedParam = Pick<Param, 'value' | 'grad' | 'regularised'>;

/** R(W) summed over the regularised parameters; add it to the data loss to report the objective. */
export function regularisationPenalty(params: readonly RegularisedParam[], spec: RegularisationSpec | undefined): number {
  const { l1, l2 } = strengths(spec);
  if (l1 === 0 && l2 === 0) return 0;
  let absolute = 0;
  let squares = 0;
  for (const param of params) {
    if (!param.regularised) continue;
    const w = param.value.data;
    // One pass per term that is on: the presets use L2 alone, and this runs on every step.
    if (l1 !== 0) for (let i = 0; i < w.length; i++) absolute += Math.abs(w[i]!);
    if (l2 !== 0) for (let i = 0; i < w.length; i++) squares += w[i]! * w[i]!;
  }
  return l1 * absolute + (l2 / 2) * squares;
}

/** grad += λ₁·sign(w) + λ₂·w on each regularised parameter; call after backward, before the step. */
export function addRegularisationGradient(params: readonly RegularisedParam[], spec: RegularisationSpec | undefined): void {
  const { l1, l2 } = strengths(spec);
  if (l1 === 0 && l2 === 0) return;
  for (const param of params) {
    if (!param.regularised) continue;
    const w = param.value.data;
    const g = param.grad.data;
    // L2 alone (the presets' case) skips sign(w): the same sum, without a term that is zero.
    if (l1 === 0) for (let i = 0; i < w.length; i++) g[i]! += l2 * w[i]!;
    else for (let i = 0; i < w.length; i++) g[i]! += l1 * Math.sign(w[i]!) + l2 * w[i]!;
  }
}

/** λ₁ and λ₂: each ≥ 0, none when left out. */
export const regularisationFields = {
  l1: { kind: 'number', range: 'non-negative', optional: true, default: 0 },
  l2: { kind: 'number', range: 'non-negative', optional: true, default: 0 },
} as const satisfies FieldTable;

/** Throws a `regularisation.field` SpecError when λ₁ or λ₂ breaks its rule; checked before a run starts. */
export function checkRegularisation(spec: RegularisationSpec | undefined): void {
  strengths(spec);
}

function strengths(spec: RegularisationSpec | undefined): { l1: number; l2: number } {
  return readFields(regularisationFields, spec ?? {}, (problem) => SpecError.field('regularisation.field', {}, problem));
}
