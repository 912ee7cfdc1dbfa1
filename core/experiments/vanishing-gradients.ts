/**
 * Vanishing and exploding gradients (seed 002; TEXTBOOK §10.5). Backpropagation multiplies by
 * f'(z)·w once per layer; for the sigmoid f' ≤ 1/4, so with |w| ≤ 1 each layer scales the gradient by at
 * most 1/4 and it shrinks geometrically toward the input. ReLU passes 1 where it is active, and with
 * He initialisation the per-layer gradient norms stay of one size. One forward and backward pass of a
 * deep dense net on seeded random inputs and labels (softmax cross-entropy) gives ‖∂J/∂W_l‖ per layer.
 */
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { ActivationName, InitName, LayerSpec } from '../spec.js';
import { oneHot } from '../losses.js';
import { buildNetwork, computeGradients, weightGradientNorms } from './network.js';

/** max σ'(z) = σ(0)(1 − σ(0)) = 1/4. */
export const SIGMOID_DERIVATIVE_BOUND = 0.25;

export interface GradientNormProfile {
  label: string;
  activation: ActivationName;
  init: InitName;
  /** ‖∂J/∂W_l‖ for l = 1 (next to the input) … depth + 1 (the output layer). */
  norms: number[];
}

export interface VanishingGradientOptions {
  depth?: number;
  width?: number;
  samples?: number;
  seed?: number;
}

export function gradientNormProfile(activation: ActivationName, init: InitName, options: VanishingGradientOptions = {}): GradientNormProfile {
  const { depth = 10, width = 32, samples = 64, seed = 1 } = options;
  const classes = 10;
  const hidden: LayerSpec[] = Array.from({ length: depth }, () => ({ type: 'dense', units: width, activation }));
  const spec = { inputShape: [width], layers: [...hidden, { type: 'dense', units: classes } as LayerSpec], loss: 'softmax-cross-entropy' as const };
  const network = buildNetwork(spec, init, seed);
  const rng = new Rng(seed);
  const x = Tensor.from([samples, width], Array.from({ length: samples * width }, () => rng.normal()), 'float64');
  const labels = Array.from({ length: samples }, () => rng.int(classes));
  computeGradients(network, x, oneHot(labels, classes, 'float64'));
  return { label: `${activation}, ${init}`, activation, init, norms: weightGradientNorms(network).map((entry) => entry.norm) };
}

export function vanishingGradients(options: VanishingGradientOptions = {}) {
  return {
    bound: SIGMOID_DERIVATIVE_BOUND,
    profiles: [
      gradientNormProfile('sigmoid', 'xavier-normal', options),
      gradientNormProfile('tanh', 'xavier-normal', options),
      gradientNormProfile('relu', 'he-normal', options),
    ],
  };
}
