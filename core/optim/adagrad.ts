/**
 * AdaGrad (TEXTBOOK §5; seed 000 (1.32)–(1.34), 001, 004):
 *   r ← r + g²;  θ ← θ − η·g / (ε + √r)
 * With `epsilonInsideRoot` (seed 000's variant): θ ← θ − η·g / √(r + ε).
 * Defaults: ε = 1e-6, ε outside the root; r starts at 0.
 */
import { epsilonInsideRoot, positiveNumber, requiredLearningRate, type UpdateRule } from './rule.js';

export const adagradFields = { lr: requiredLearningRate, epsilon: positiveNumber(1e-6), epsilonInsideRoot } as const;

export function adagradRule(epsilon: number, epsilonInsideRoot: boolean): UpdateRule {
  return {
    name: 'adagrad',
    stateNames: ['r'],
    apply(theta, grad, state, lr) {
      const r = state.r!;
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i]!;
        const sum = r[i]! + g * g;
        r[i] = sum;
        const scale = epsilonInsideRoot ? Math.sqrt(sum + epsilon) : epsilon + Math.sqrt(sum);
        theta[i]! -= (lr * g) / scale;
      }
    },
  };
}
