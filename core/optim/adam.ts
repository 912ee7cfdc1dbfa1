/**
 * Adam (TEXTBOOK §5; seed 001, 002, 004):
 *   t ← t + 1
 *   m ← β₁·m + (1 − β₁)·g;   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ);        v̂ = v / (1 − β₂ᵗ)
 *   θ ← θ − η·m̂ / (ε + √v̂)
 * Defaults: η = 0.001, β₁ = 0.9, β₂ = 0.999, ε = 1e-8; m and v start at 0; t is the optimizer's step count.
 */
import { decayRate, defaultLearningRate, positiveNumber, type UpdateRule } from './rule.js';

export const adamFields = {
  lr: defaultLearningRate(0.001), beta1: decayRate(0.9), beta2: decayRate(0.999), epsilon: positiveNumber(1e-8),
} as const;

export function adamRule(beta1: number, beta2: number, epsilon: number): UpdateRule {
  return {
    name: 'adam',
    stateNames: ['m', 'v'],
    apply(theta, grad, state, lr, t) {
      const m = state.m!;
      const v = state.v!;
      // η·m̂ = m·η/(1 − β₁ᵗ) and v̂ = v·1/(1 − β₂ᵗ): one division per element instead of three.
      const stepSize = lr / (1 - beta1 ** t);
      const secondScale = 1 / (1 - beta2 ** t);
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i]!;
        const mean = beta1 * m[i]! + (1 - beta1) * g;
        const meanSquare = beta2 * v[i]! + (1 - beta2) * g * g;
        m[i] = mean;
        v[i] = meanSquare;
        theta[i]! -= (stepSize * mean) / (epsilon + Math.sqrt(meanSquare * secondScale));
      }
    },
    applyWith(kernels, theta, grad, state, lr, t) {
      const { m, v } = state;
      const float32 = [theta, grad, m, v].every((a) => a instanceof Float32Array);
      if (!kernels.adamUpdate || !float32) return false;
      kernels.adamUpdate(theta as Float32Array, grad as Float32Array, m as Float32Array, v as Float32Array, { stepSize: lr / (1 - beta1 ** t), secondScale: 1 / (1 - beta2 ** t), beta1, beta2, epsilon });
      return true;
    },
  };
}
