/**
 * Checks of a number typed into the Train form, in plain words next to the field (an i18n key and its
 * numbers), before anything is sent: the contract's bounds on each TrainSpec field (contract/specs.ts),
 * said as a teacher would say them. A field that fails keeps what was typed, so nothing reverts behind
 * the user's back, and Start waits until every field reads right.
 */
import { inject, onBeforeUnmount, provide, reactive, type InjectionKey } from 'vue';
import { numberRanges, type FieldRule, type NumberRange, type RangeBounds } from '@backprop-lab/core';

export interface NumberRule {
  /** Only whole numbers. */
  integer?: boolean;
  min?: number;
  /** min itself is not allowed (a learning rate > 0). */
  exclusiveMin?: boolean;
  max?: number;
  /** max itself is not allowed (a validation split < 1). */
  exclusiveMax?: boolean;
  /** Blank is allowed (the engine's default, or "off"). */
  optional?: boolean;
}

export interface FieldProblem {
  key: string;
  params: Record<string, number>;
}

/** What is wrong with `raw` under `rule`, or null; the value when right. */
export function checkNumber(raw: string, rule: NumberRule): { value: number | undefined; problem: FieldProblem | null } {
  const text = raw.trim();
  if (text === '') return rule.optional ? { value: undefined, problem: null } : { value: undefined, problem: { key: 'train.check.required', params: {} } };
  const value = Number(text);
  if (!Number.isFinite(value)) return { value: undefined, problem: { key: 'train.check.notNumber', params: {} } };
  if (rule.integer && !Number.isInteger(value)) return { value: undefined, problem: { key: 'train.check.whole', params: {} } };
  if (rule.min !== undefined && (rule.exclusiveMin ? value <= rule.min : value < rule.min)) {
    return { value: undefined, problem: { key: rule.exclusiveMin ? 'train.check.above' : 'train.check.atLeast', params: { min: rule.min } } };
  }
  if (rule.max !== undefined && (rule.exclusiveMax ? value >= rule.max : value > rule.max)) {
    return { value: undefined, problem: { key: rule.exclusiveMax ? 'train.check.below' : 'train.check.atMost', params: { max: rule.max } } };
  }
  return { value, problem: null };
}

/** The fields of one form that read wrong now, by a name of each; Start waits while any does. */
export interface FormChecks {
  invalid: Set<string>;
}

const formChecksKey: InjectionKey<FormChecks> = Symbol('form checks');

/** Called by the form: its children report to it. */
export function provideFormChecks(): FormChecks {
  const checks = reactive({ invalid: new Set<string>() }) as FormChecks;
  provide(formChecksKey, checks);
  return checks;
}

let nextFieldId = 1;

/** Called by a field: reports whether it reads wrong, and stops reporting when it goes away. */
export function useFieldReport(): (invalid: boolean) => void {
  const checks = inject(formChecksKey, null);
  const id = `field-${nextFieldId++}`;
  onBeforeUnmount(() => checks?.invalid.delete(id));
  return (invalid) => {
    if (!checks) return;
    if (invalid) checks.invalid.add(id);
    else checks.invalid.delete(id);
  };
}

/** core's number range (core/fields.ts), as a rule of this form: the very bounds inRange checks. */
export function ruleOfRange(range: NumberRange, optional: boolean): NumberRule {
  const { integer, min, exclusiveMin, max, exclusiveMax } = numberRanges[range] as RangeBounds;
  return { integer, min, exclusiveMin, max, exclusiveMax, optional };
}

/**
 * A number field of core's tables (trainSpecFields, earlyStoppingFields, regularisationFields) as a rule
 * of this form; `optional` where the form lets a blank switch the setting off (early stopping's patience).
 */
export function ruleOfField(rule: Extract<FieldRule, { kind: 'number' }>, optional: boolean = rule.optional): NumberRule {
  return ruleOfRange(rule.range, optional);
}
