/**
 * AdaDelta (TEXTBOOK §5; seed 000 (1.37)(1.38), 001). No learning rate: the running size of past
 * updates, r, takes its place, so the optimizer ignores `learningRate`.
 *   s ← ρ·s + (1 − ρ)·g²
 *   Δ = √((r + ε) / (s + ε)) · g;  θ ← θ − Δ
 *   r ← ρ·r + (1 − ρ)·Δ²
 * Defaults: ρ = 0.9, ε = 1e-5; s and r start at 0.
 */
import { decayRate, positiveNumber, type UpdateRule } from './rule.js';

export const adadeltaFields = { rho: decayRate(0.9), epsilon: positiveNumber(1e-5) } as const;

export function adadeltaRule(rho: number, epsilon: number): UpdateRule {
  return {
    name: 'adadelta',
    stateNames: ['s', 'r'],
    apply(theta, grad, state) {
      const s = state.s!;
      const r = state.r!;
      for (let i = 0; i < theta.length; i++) {
        const g = grad[i]!;
        const meanSquare = rho * s[i]! + (1 - rho) * g * g;
        s[i] = meanSquare;
        const delta = Math.sqrt((r[i]! + epsilon) / (meanSquare + epsilon)) * g;
        theta[i]! -= delta;
        r[i] = rho * r[i]! + (1 - rho) * delta * delta;
      }
    },
  };
}
