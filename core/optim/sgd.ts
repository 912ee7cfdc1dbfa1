/**
 * Stochastic gradient descent (TEXTBOOK §5; seed 000 (1.28), 001):  θ ← θ − η·g.
 * No state. Batch, mini-batch or stochastic is only a matter of the batch size the gradient came from.
 * Defaults: none (η is required).
 */
import { requiredLearningRate, type UpdateRule } from './rule.js';

export const sgdFields = { lr: requiredLearningRate } as const;

export const sgdRule: UpdateRule = {
  name: 'sgd',
  stateNames: [],
  apply(theta, grad, _state, lr) {
    for (let i = 0; i < theta.length; i++) theta[i]! -= lr * grad[i]!;
  },
  applyWith(kernels, theta, grad, _state, lr) {
    if (!kernels.sgdUpdate || !(theta instanceof Float32Array) || !(grad instanceof Float32Array)) return false;
    kernels.sgdUpdate(theta, grad, lr);
    return true;
  },
};
