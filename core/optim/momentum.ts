/**
 * Momentum (TEXTBOOK §5), two forms.
 *   classic (seed 001 (1)(2)):  v ← α·v + η·g;  θ ← θ − v
 *     (seed 001 (3)(4), v ← α·v − η·g; θ ← θ + v, is the same iteration with v negated.)
 *   EWMA (seed 002):            v ← β·v + (1 − β)·g;  θ ← θ − η·v
 *     (the same path as classic with η_classic = η·(1 − β): then v_classic = η·v_ewma at every step).
 * Defaults: α = β = 0.9, form 'classic'; v starts at 0.
 */
import { decayRate, requiredLearningRate, type UpdateRule } from './rule.js';

export const momentumForms = ['classic', 'ewma'] as const;

export const momentumFields = {
  lr: requiredLearningRate,
  alpha: decayRate(0.9),
  form: { kind: 'choice', choices: momentumForms, optional: true, default: 'classic' },
} as const;

export function momentumRule(alpha: number): UpdateRule {
  return {
    name: 'momentum',
    stateNames: ['v'],
    apply(theta, grad, state, lr) {
      const v = state.v!;
      for (let i = 0; i < theta.length; i++) {
        const velocity = alpha * v[i]! + lr * grad[i]!;
        v[i] = velocity;
        theta[i]! -= velocity;
      }
    },
  };
}

export function momentumEwmaRule(beta: number): UpdateRule {
  return {
    name: 'momentum',
    stateNames: ['v'],
    apply(theta, grad, state, lr) {
      const v = state.v!;
      for (let i = 0; i < theta.length; i++) {
        const average = beta * v[i]! + (1 - beta) * grad[i]!;
        v[i] = average;
        theta[i]! -= lr * average;
      }
    },
  };
}
