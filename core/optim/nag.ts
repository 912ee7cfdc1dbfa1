/**
 * Nesterov accelerated gradient, as seed 001 writes it (TEXTBOOK §5):
 *   θ̂ = θ − α·v;  g = ∇J(θ̂);  v ← α·v + η·g;  θ ← θ − v
 * beforeGradient keeps θ aside and moves the parameters to the look-ahead point θ̂, so the model's
 * ordinary forward and backward pass computes g there; step puts θ back exactly and updates it.
 * A step without beforeGradient takes g at θ, which is classic momentum.
 * Defaults: α = 0.9; v starts at 0.
 */
import { decayRate, requiredLearningRate, type UpdateRule } from './rule.js';

export const nagFields = { lr: requiredLearningRate, alpha: decayRate(0.9) } as const;

export function nagRule(alpha: number): UpdateRule {
  return {
    name: 'nag',
    stateNames: ['v'],
    scratchNames: ['theta'],
    beforeGradient(theta, state, scratch) {
      const v = state.v!;
      scratch.theta!.set(theta);
      for (let i = 0; i < theta.length; i++) theta[i]! -= alpha * v[i]!;
    },
    afterGradient(theta, _state, scratch) {
      theta.set(scratch.theta!);
    },
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
