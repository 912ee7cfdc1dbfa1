/**
 * createOptimizer(spec): the optimizer an OptimizerSpec names, with the TEXTBOOK §5 defaults for every
 * field the spec leaves out. Hyperparameters are checked here, so a bad spec fails before training
 * starts with a message naming the field and the value.
 */
import type { OptimizerSpec } from '../spec.js';
import { SpecError } from '../errors.js';
import type { Optimizer } from './optimizer.js';
import { optimizerFromRule } from './base.js';
import { sgdRule } from './sgd.js';
import { momentumEwmaRule, momentumRule } from './momentum.js';
import { nagRule } from './nag.js';
import { adagradRule } from './adagrad.js';
import { adadeltaRule } from './adadelta.js';
import { rmspropRule } from './rmsprop.js';
import { adamRule } from './adam.js';

export type { Optimizer, OptimizerParam, OptimizerState } from './optimizer.js';

/** Defaults of TEXTBOOK §5 (seed 001 unless noted), for every field a spec may omit. */
export const OPTIMIZER_DEFAULTS = {
  momentum: { alpha: 0.9, form: 'classic' },
  nag: { alpha: 0.9 },
  adagrad: { epsilon: 1e-6, epsilonInsideRoot: false },
  adadelta: { rho: 0.9, epsilon: 1e-5 },
  rmsprop: { lr: 0.001, alpha: 0.9, epsilon: 1e-8, epsilonInsideRoot: false },
  adam: { lr: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
} as const;

export function createOptimizer(spec: OptimizerSpec): Optimizer {
  switch (spec.type) {
    case 'sgd':
      return optimizerFromRule(sgdRule, learningRate(spec));
    case 'momentum': {
      const alpha = fraction(spec, 'alpha', spec.alpha ?? OPTIMIZER_DEFAULTS.momentum.alpha);
      const form = spec.form ?? OPTIMIZER_DEFAULTS.momentum.form;
      if (form !== 'classic' && form !== 'ewma') {
        throw new SpecError(`optimizer momentum: form must be 'classic' or 'ewma', got '${String(form)}'`);
      }
      return optimizerFromRule(form === 'classic' ? momentumRule(alpha) : momentumEwmaRule(alpha), learningRate(spec));
    }
    case 'nag':
      return optimizerFromRule(nagRule(fraction(spec, 'alpha', spec.alpha ?? OPTIMIZER_DEFAULTS.nag.alpha)), learningRate(spec));
    case 'adagrad': {
      const defaults = OPTIMIZER_DEFAULTS.adagrad;
      const epsilon = positive(spec, 'epsilon', spec.epsilon ?? defaults.epsilon);
      return optimizerFromRule(adagradRule(epsilon, spec.epsilonInsideRoot ?? defaults.epsilonInsideRoot), learningRate(spec));
    }
    case 'adadelta': {
      const defaults = OPTIMIZER_DEFAULTS.adadelta;
      const rho = fraction(spec, 'rho', spec.rho ?? defaults.rho);
      return optimizerFromRule(adadeltaRule(rho, positive(spec, 'epsilon', spec.epsilon ?? defaults.epsilon)), 1);
    }
    case 'rmsprop': {
      const defaults = OPTIMIZER_DEFAULTS.rmsprop;
      const alpha = fraction(spec, 'alpha', spec.alpha ?? defaults.alpha);
      const epsilon = positive(spec, 'epsilon', spec.epsilon ?? defaults.epsilon);
      const rule = rmspropRule(alpha, epsilon, spec.epsilonInsideRoot ?? defaults.epsilonInsideRoot);
      return optimizerFromRule(rule, learningRate(spec));
    }
    case 'adam': {
      const defaults = OPTIMIZER_DEFAULTS.adam;
      const beta1 = fraction(spec, 'beta1', spec.beta1 ?? defaults.beta1);
      const beta2 = fraction(spec, 'beta2', spec.beta2 ?? defaults.beta2);
      const epsilon = positive(spec, 'epsilon', spec.epsilon ?? defaults.epsilon);
      return optimizerFromRule(adamRule(beta1, beta2, epsilon), learningRate(spec));
    }
    default:
      throw new SpecError(`optimizer: unknown type '${String((spec as { type: unknown }).type)}'`);
  }
}

/**
 * The η an optimizer built from this spec starts with (the schedule's α₀): the spec's lr, RMSProp's and
 * Adam's default 0.001 when it is left out, and 1 for AdaDelta, which has none and ignores it.
 */
export function initialLearningRate(spec: OptimizerSpec): number {
  return spec.type === 'adadelta' ? 1 : learningRate(spec);
}

/** η; RMSProp and Adam have a default (0.001), the others need one. */
function learningRate(spec: OptimizerSpec & { lr?: number }): number {
  const fallback = spec.type === 'rmsprop' || spec.type === 'adam' ? OPTIMIZER_DEFAULTS[spec.type].lr : undefined;
  const lr = spec.lr ?? fallback;
  if (lr === undefined) throw new SpecError(`optimizer ${spec.type}: lr (the learning rate) is required`);
  return positive(spec, 'lr', lr);
}

function positive(spec: OptimizerSpec, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new SpecError(`optimizer ${spec.type}: ${field} must be a positive number, got ${String(value)}`);
  }
  return value;
}

/** Decay rates α, β, ρ lie in [0, 1). */
function fraction(spec: OptimizerSpec, field: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value >= 1) {
    throw new SpecError(`optimizer ${spec.type}: ${field} must be in [0, 1), got ${String(value)}`);
  }
  return value;
}
