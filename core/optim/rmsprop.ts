/**
 * RMSProp (TEXTBOOK §5; seed 000, 001, 002, 004):
 *   r ← α·r + (1 − α)·g²;  θ ← θ − η·g / (√r + ε)
 * With `epsilonInsideRoot` (seed 000/002's variant): θ ← θ − η·g / √(r + ε).
 * Defaults: η = 0.001, α = 0.9, ε = 1e-8, ε outside the root; r starts at 0.
 */
import { decayRate, defaultLearningRate, epsilonInsideRoot, positiveNumber, type UpdateRule } from './rule.js';

export const rmspropFields = {
  lr: defaultLearningRate(0.001), alpha: decayRate(0.9), epsilon: positiveNumber(1e-8), epsilonInsideRoot,
} as const;

export function rmspropRule(alpha: number, epsilon: number, epsilonInsideRoot: boolean): UpdateRule {
  return {
    name: 'rmsprop',
    stateNames: ['r'],
    apply(theta, grad, state, lr) {
      const r = state.r!;
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i]!;
        const meanSquare = alpha * r[i]! + (1 - alpha) * g * g;
        r[i] = meanSquare;
        const scale = epsilonInsideRoot ? Math.sqrt(meanSquare + epsilon) : Math.sqrt(meanSquare) + epsilon;
        theta[i]! -= (lr * g) / scale;
      }
    },
  };
}
