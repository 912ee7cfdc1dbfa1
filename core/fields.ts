/**
 * Field rules: what one key of a spec (a layer's `units`, Adam's `beta1`, a step schedule's `every`)
 * accepts, and its default. Each layer, optimizer and schedule declares its keys once as a table of
 * these rules; the engine checks specs with `checkField`, the contract builds its zod schemas from the
 * same tables, and the renderer's editors list the same fields. A rule is plain data (no functions), so
 * it can cross into the renderer and be read by a test.
 */

/** The number ranges the specs use, with the words an error message gives for each. */
export const numberRanges = {
  /** > 0 */
  positive: 'a positive number',
  /** ≥ 0 */
  'non-negative': 'a number ≥ 0',
  /** [0, 1): decay rates α, β, ρ */
  fraction: 'in [0, 1)',
  /** [0, 1]: BatchNorm's momentum */
  'unit-interval': 'in [0, 1]',
  /** (0, 1]: dropout's keep probability */
  probability: 'in (0, 1]',
  /** whole ≥ 1 */
  count: 'a whole number ≥ 1',
  /** whole ≥ 0 */
  whole: 'a whole number ≥ 0',
} as const;
export type NumberRange = keyof typeof numberRanges;

/** What every rule may say besides its kind: whether it may be left out, its default, what it means. */
interface RuleBase {
  optional: boolean;
  /** Words an error message adds after the key, e.g. keep "(the probability a unit is kept)". */
  meaning?: string;
}

export type FieldRule =
  /** A number in `range`. */
  | (RuleBase & { kind: 'number'; range: NumberRange; default?: number })
  /** A size given as n or [height, width], each whole and in `range`. */
  | (RuleBase & { kind: 'size'; range: 'count' | 'whole'; default?: number })
  | (RuleBase & { kind: 'boolean'; default?: boolean })
  /** One of `choices`; `noun` names the list in messages ("unknown activation 'swish' (one of …)"). */
  | (RuleBase & { kind: 'choice'; choices: readonly string[]; noun?: string; default?: string });

/** A spec's keys besides `type`, each with its rule, in the order editors show them. */
export type FieldTable = Readonly<Record<string, FieldRule>>;

export function inRange(range: NumberRange, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (range) {
    case 'positive': return value > 0;
    case 'non-negative': return value >= 0;
    case 'fraction': return value >= 0 && value < 1;
    case 'unit-interval': return value >= 0 && value <= 1;
    case 'probability': return value > 0 && value <= 1;
    case 'count': return Number.isInteger(value) && value >= 1;
    case 'whole': return Number.isInteger(value) && value >= 0;
  }
}

/**
 * Why `value` does not fit the rule of `key`, as "<key> must be …, got …", or null when it fits. An
 * absent value fits an optional rule (the default applies).
 */
export function fieldProblem(key: string, rule: FieldRule, value: unknown): string | null {
  const subject = rule.meaning ? `${key} (${rule.meaning})` : key;
  if (value === undefined) return rule.optional ? null : `${subject} is required`;
  switch (rule.kind) {
    case 'number':
      return typeof value === 'number' && inRange(rule.range, value) ? null : `${subject} must be ${numberRanges[rule.range]}, got ${show(value)}`;
    case 'size': {
      const fits = (n: unknown) => typeof n === 'number' && inRange(rule.range, n);
      if (!Array.isArray(value)) return fits(value) ? null : `${subject} must be ${numberRanges[rule.range]}, got ${show(value)}`;
      if (value.length !== 2) return `${subject} must be a number or [height, width], got ${show(value)}`;
      const at = value.findIndex((n) => !fits(n));
      return at < 0 ? null : `${subject}[${at}] must be ${numberRanges[rule.range]}, got ${show(value[at])}`;
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : `${subject} must be true or false, got ${show(value)}`;
    case 'choice':
      if (typeof value === 'string' && rule.choices.includes(value)) return null;
      return rule.noun
        ? `unknown ${rule.noun} ${show(value)} (one of ${rule.choices.join(', ')})`
        : `${subject} must be one of ${rule.choices.join(', ')}; got ${show(value)}`;
  }
}

function show(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(String).join(', ')}]` : typeof value === 'string' ? `'${value}'` : String(value);
}

/** The values a table's rules give: numbers for number and size rules, and so on. */
type ValueOf<R extends FieldRule> = R extends { kind: 'number' } ? number
  : R extends { kind: 'size' } ? number | [number, number]
  : R extends { kind: 'boolean' } ? boolean
  : R extends { kind: 'choice'; choices: readonly (infer C)[] } ? C
  : never;

/** A spec's values once defaults apply: a key with neither a value nor a default stays undefined. */
export type FieldValues<T extends FieldTable> = {
  [K in keyof T]: T[K] extends { default: unknown } ? ValueOf<T[K]>
    : T[K] extends { optional: false } ? ValueOf<T[K]> : ValueOf<T[K]> | undefined;
};

/**
 * Checks every key of `spec` that `table` names and returns the values with defaults applied. A failure
 * is `fail("<key> must be …, got …")`, so each caller words where the key sits ("optimizer adam: ",
 * "layer 3 (conv2d): ").
 */
export function readFields<T extends FieldTable>(table: T, spec: object, fail: (problem: string) => Error): FieldValues<T> {
  const given = spec as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(table)) {
    const problem = fieldProblem(key, rule, given[key]);
    if (problem !== null) throw fail(problem);
    values[key] = given[key] ?? rule.default;
  }
  return values as FieldValues<T>;
}

/** The defaults a table declares, e.g. { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 } for Adam. */
export function fieldDefaults(table: FieldTable): Record<string, number | boolean | string> {
  const defaults: Record<string, number | boolean | string> = {};
  for (const [key, rule] of Object.entries(table)) if (rule.default !== undefined) defaults[key] = rule.default;
  return defaults;
}
