/**
 * An experiment's parameters as data: each one's kind, the course's value (the default) and its bounds.
 * The contract's schema, the CLI's flags and the UI's controls are all built from these descriptors;
 * `resolveParams` is the one place a value is checked, so every host refuses the same values with the
 * same words (the experiment, the parameter, the value and the rule it broke).
 */
import { validateModelSpec } from '../../model.js';
import type { ModelSpec } from '../../spec.js';

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

/** A parameter the user set wrongly; `code` and the fields travel as data to the UI. */
export class ExperimentParamError extends Error {
  readonly code = 'experiment-param';
  constructor(readonly experiment: string, readonly param: string, readonly value: unknown, readonly rule: string) {
    super(`experiment ${experiment}: ${param} ${rule}, got ${JSON.stringify(value)}`);
    this.name = 'ExperimentParamError';
  }
}

/** Every parameter: the given value checked against its descriptor, or the course's default. */
export function resolveParams<S extends ParamSchema>(experiment: string, schema: S, given: Readonly<Record<string, unknown>> = {}): ResolvedParams<S> {
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(schema, name)) {
      const known = Object.keys(schema).join(', ') || 'none';
      throw new ExperimentParamError(experiment, name, given[name], `is not a parameter of this experiment (its parameters: ${known})`);
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
  const fail = (rule: string): never => {
    throw new ExperimentParamError(experiment, name, value, rule);
  };
  switch (descriptor.kind) {
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('must be a finite number');
      if (descriptor.integer && !Number.isInteger(value)) fail('must be a whole number');
      if (descriptor.min !== undefined && value < descriptor.min) fail(`must be ≥ ${descriptor.min}`);
      if (descriptor.max !== undefined && value > descriptor.max) fail(`must be ≤ ${descriptor.max}`);
      return value;
    }
    case 'choice':
      if (typeof value !== 'string' || !descriptor.choices.includes(value)) fail(`must be one of ${descriptor.choices.join(', ')}`);
      return value as string;
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be true or false');
      return value as boolean;
    case 'matrix': {
      const rows = Array.isArray(value) ? value : fail('must be a list of rows');
      const columns = Array.isArray(rows[0]) ? rows[0].length : 0;
      const rectangle = rows.length > 0 && columns > 0 && rows.every((row) => Array.isArray(row) && row.length === columns && row.every((v) => typeof v === 'number' && Number.isFinite(v)));
      if (!rectangle) fail('must be a non-empty rectangle of finite numbers');
      if (descriptor.maxRows !== undefined && rows.length > descriptor.maxRows) fail(`must have at most ${descriptor.maxRows} rows`);
      if (descriptor.maxColumns !== undefined && columns > descriptor.maxColumns) fail(`must have at most ${descriptor.maxColumns} columns`);
      return structuredClone(rows as number[][]);
    }
    case 'model': {
      try {
        validateModelSpec(value as ModelSpec);
      } catch (error) {
        fail(`is not a network the engine can build: ${(error as Error).message}`);
      }
      return structuredClone(value as ModelSpec);
    }
  }
}
