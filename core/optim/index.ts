/**
 * createOptimizer(spec): the optimizer an OptimizerSpec names, with the TEXTBOOK §5 defaults for every
 * field the spec leaves out (each optimizer's file declares its fields and defaults once). Hyperparameters are checked here, so a bad spec fails before training
 * starts with a message naming the field and the value.
 */
import type { OptimizerSpec } from '../spec.js';
import { SpecError } from '../errors.js';
import { optimizerNames, isOneOf, type OptimizerName } from '../names.js';
import { briefValue, fieldDefaults, readFields, type FieldProblem, type FieldRule } from '../fields.js';
import type { Optimizer } from './optimizer.js';
import { optimizerFromRule } from './base.js';
import { sgdFields, sgdRule } from './sgd.js';
import { momentumEwmaRule, momentumFields, momentumRule } from './momentum.js';
import { nagFields, nagRule } from './nag.js';
import { adagradFields, adagradRule } from './adagrad.js';
import { adadeltaFields, adadeltaRule } from './adadelta.js';
import { rmspropFields, rmspropRule } from './rmsprop.js';
import { adamFields, adamRule } from './adam.js';

export type { Optimizer, OptimizerParam, OptimizerState } from './optimizer.js';
export { momentumForms } from './momentum.js';

/**
 * Every optimizer's keys with their rules and defaults, each declared once in the optimizer's own file
 * (its header comment gives the formula). The contract's schemas and the editors are built from this.
 */
export const optimizerFields = {
  sgd: sgdFields,
  momentum: momentumFields,
  nag: nagFields,
  adagrad: adagradFields,
  adadelta: adadeltaFields,
  rmsprop: rmspropFields,
  adam: adamFields,
} as const satisfies { [N in OptimizerName]: { [K in Exclude<keyof Extract<OptimizerSpec, { type: N }>, 'type'>]-?: FieldRule } };

/** The defaults of TEXTBOOK §5 for every key a spec may omit, read from `optimizerFields`. */
export const OPTIMIZER_DEFAULTS = Object.fromEntries(
  optimizerNames.map((name) => [name, fieldDefaults(optimizerFields[name])]),
) as { [N in OptimizerName]: Partial<Record<string, number | boolean | string>> };

export function createOptimizer(spec: OptimizerSpec): Optimizer {
  if (!isOneOf(optimizerNames, spec?.type)) {
    throw SpecError.of('optimizer.unknown-type', { value: briefValue((spec as { type: unknown } | null)?.type), names: optimizerNames.join(', ') });
  }
  const fail = (problem: FieldProblem) => SpecError.field('optimizer.field', { optimizer: spec.type }, problem);
  switch (spec.type) {
    case 'sgd': {
      const h = readFields(sgdFields, spec, fail);
      return optimizerFromRule(sgdRule, h.lr);
    }
    case 'momentum': {
      const h = readFields(momentumFields, spec, fail);
      return optimizerFromRule(h.form === 'classic' ? momentumRule(h.alpha) : momentumEwmaRule(h.alpha), h.lr);
    }
    case 'nag': {
      const h = readFields(nagFields, spec, fail);
      return optimizerFromRule(nagRule(h.alpha), h.lr);
    }
    case 'adagrad': {
      const h = readFields(adagradFields, spec, fail);
      return optimizerFromRule(adagradRule(h.epsilon, h.epsilonInsideRoot), h.lr);
    }
    case 'adadelta': {
      const h = readFields(adadeltaFields, spec, fail);
      return optimizerFromRule(adadeltaRule(h.rho, h.epsilon), 1);
    }
    case 'rmsprop': {
      const h = readFields(rmspropFields, spec, fail);
      return optimizerFromRule(rmspropRule(h.alpha, h.epsilon, h.epsilonInsideRoot), h.lr);
    }
    case 'adam': {
      const h = readFields(adamFields, spec, fail);
      return optimizerFromRule(adamRule(h.beta1, h.beta2, h.epsilon), h.lr);
    }
  }
}

/**
 * The η an optimizer built from this spec starts with (the schedule's α₀): the spec's lr, RMSProp's and
 * Adam's default 0.001 when it is left out, and 1 for AdaDelta, which has none and ignores it.
 */
export function initialLearningRate(spec: OptimizerSpec): number {
  return createOptimizer(spec).learningRate;
}
