/**
 * An experiment's parameters as data: each one's kind, the course's value (the default) and its bounds.
 * The contract's schema, the CLI's flags and the UI's controls are all built from these descriptors;
 * `resolveParams` is the one place a value is checked, so every host refuses the same values with the
 * same words (the experiment, the parameter, the value and the rule it broke).
 */
import { validateModelSpec } from '../../model.js';
import type { ModelSpec } from '../../spec.js';
import { formatMessage, type MessageCode, type MessageParams } from '../../messages.js';

export type ParamDescriptor =
  | { kind: 'number'; default: number; min?: number; max?: number; step?: number; integer?: boolean }
  | { kind: 'choice'; default: string; choices: readonly string[] }
  | { kind: 'boolean'; default: boolean }
  /** A rectangle of finite numbers (convolution by hand's input and kernel). */
  | { kind: 'matrix'; default: number[][]; maxRows?: number; maxColumns?: number }
  /** A network the user builds (the gradient check of any model): a ModelSpec the engine can build. */
  | { kind: 'model'; default: ModelSpec };

export type ParamSchema = Readonly<Record<string, ParamDescriptor>>;

export type ParamValue = number | string | boolean | number[][] | ModelSpec;

/** The value type each descriptor yields once resolved. */
export type ResolvedParams<S extends ParamSchema> = {
  [K in keyof S]: S[K] extends { kind: 'number' } ? number
    : S[K] extends { kind: 'choice'; choices: readonly (infer C)[] } ? C
    : S[K] extends { kind: 'boolean' } ? boolean
    : S[K] extends { kind: 'model' } ? ModelSpec
    : number[][];
};

/** A parameter the user set wrongly: `code` (an `experiment.*` code of core/messages.ts) and `params` travel as data to the UI. */
export class ExperimentParamError extends Error {
  readonly params: MessageParams;
  constructor(readonly experiment: string, readonly param: string, readonly value: unknown, readonly code: ExperimentParamCode, rule: MessageParams = {}) {
    const params = { ...rule, experiment, param, got: JSON.stringify(value) ?? String(value) };
    super(formatMessage(code, params));
    this.name = 'ExperimentParamError';
    this.params = params;
  }
}

type ExperimentParamCode = Extract<MessageCode, `experiment.${string}`>;

/** Every parameter: the given value checked against its descriptor, or the course's default. */
export function resolveParams<S extends ParamSchema>(experiment: string, schema: S, given: Readonly<Record<string, unknown>> = {}): ResolvedParams<S> {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(schema, name)) {
      const known = Object.keys(schema).join(', ') || 'none';
      throw new ExperimentParamError(experiment, name, given[name], 'experiment.unknown-param', { known });
    }
  }
  const resolved: Record<string, ParamValue> = {};
  for (const [name, descriptor] of Object.entries(schema)) {
    const value = given[name];
    resolved[name] = value === undefined ? structuredClone(descriptor.default) : checkValue(experiment, name, descriptor, value);
  }
  return resolved as ResolvedParams<S>;
}

/** The course's settings of every parameter (what "reset to the course's settings" restores). */
export function defaultParams<S extends ParamSchema>(schema: S): ResolvedParams<S> {
  return Object.fromEntries(Object.entries(schema).map(([name, d]) => [name, structuredClone(d.default)])) as ResolvedParams<S>;
}

function checkValue(experiment: string, name: string, descriptor: ParamDescriptor, value: unknown): ParamValue {
  const fail = (code: ExperimentParamCode, rule: MessageParams = {}): never => {
    throw new ExperimentParamError(experiment, name, value, code, rule);
  };
  switch (descriptor.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('experiment.not-number');
      if (descriptor.integer && !Number.isInteger(value)) fail('experiment.not-whole');
      if (descriptor.min !== undefined && value < descriptor.min) fail('experiment.below', { min: descriptor.min });
      if (descriptor.max !== undefined && value > descriptor.max) fail('experiment.above', { max: descriptor.max });
      return value;
    }
    case 'choice':
      if (typeof value !== 'string' || !descriptor.choices.includes(value)) fail('experiment.not-choice', { choices: descriptor.choices.join(', ') });
      return value as string;
    case 'boolean':
      if (typeof value !== 'boolean') fail('experiment.not-boolean');
      return value as boolean;
    case 'matrix': {
      const rows = Array.isArray(value) ? value : fail('experiment.not-rows');
      const columns = Array.isArray(rows[0]) ? rows[0].length : 0;
      const rectangle = rows.length > 0 && columns > 0 && rows.every((row) => Array.isArray(row) && row.length === columns && row.every((v) => typeof v === 'number' && Number.isFinite(v)));
      if (!rectangle) fail('experiment.not-rectangle');
      if (descriptor.maxRows !== undefined && rows.length > descriptor.maxRows) fail('experiment.too-many-rows', { max: descriptor.maxRows });
      if (descriptor.maxColumns !== undefined && columns > descriptor.maxColumns) fail('experiment.too-many-columns', { max: descriptor.maxColumns });
      return structuredClone(rows as number[][]);
    }
    case 'model': {
      try {
        validateModelSpec(value as ModelSpec);
      } catch (error) {
        fail('experiment.not-network', { message: (error as Error).message });
      }
      return structuredClone(value as ModelSpec);
    }
  }
}
