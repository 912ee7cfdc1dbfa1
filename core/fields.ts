/**
 * Field rules: what one key of a spec (a layer's `units`, Adam's `beta1`, a step schedule's `every`)
 * accepts, and its default. Each layer, optimizer and schedule declares its keys once as a table of
 * these rules; the engine checks specs with `readFields`, the contract builds its zod schemas from the
 * same tables, and the renderer's editors list the same fields. A rule is plain data (no functions), so
 * it can cross into the renderer and be read by a test.
 *
 * A value that breaks its rule is a `FieldProblem`: a `field.*` code of core/messages.ts with its
 * parameters (the key, the bounds, what was given), so the app words it in the user's language with
 * the form's own label for the key, and `formatFieldProblem` words it in English for the CLI and logs.
 */
import { engineMessages, fillTemplate, type MessageCode, type MessageParams } from './messages.js';

/**
 * Where a number range starts and ends (`exclusiveMin`: min itself is refused) and the message code
 * that says it; `inRange` checks exactly these bounds, and the renderer's form checks take them too.
 */
export interface RangeBounds {
  integer?: true;
  min: number;
  exclusiveMin?: true;
  max?: number;
  exclusiveMax?: true;
  problem: FieldProblemCode;
}

/** The number ranges the specs use. */
export const numberRanges = {
  /** > 0 */
  positive: { min: 0, exclusiveMin: true, problem: 'field.positive' },
  /** ≥ 0 */
  'non-negative': { min: 0, problem: 'field.at-least' },
  /** [0, 1): decay rates α, β, ρ; the validation split */
  fraction: { min: 0, max: 1, exclusiveMax: true, problem: 'field.in-right-open' },
  /** [0, 1]: BatchNorm's momentum */
  'unit-interval': { min: 0, max: 1, problem: 'field.in-closed' },
  /** (0, 1]: dropout's keep probability */
  probability: { min: 0, exclusiveMin: true, max: 1, problem: 'field.in-left-open' },
  /** whole ≥ 1 */
  count: { integer: true, min: 1, problem: 'field.whole' },
  /** whole ≥ 0 */
  whole: { integer: true, min: 0, problem: 'field.whole' },
  /** whole in [0, 2³²): a seed, which the Rng takes as a 32-bit unsigned integer */
  seed: { integer: true, min: 0, max: 2 ** 32, exclusiveMax: true, problem: 'field.whole-below' },
} as const satisfies Record<string, RangeBounds>;
export type NumberRange = keyof typeof numberRanges;

/** The codes of core/messages.ts that say why one field's value does not fit its rule. */
export type FieldProblemCode = Extract<MessageCode, `field.${string}`>;

/**
 * Why one value does not fit its rule, as data: `params.field` is the key (dotted below the spec it is
 * in: `earlyStopping.patience`), `params.got` the value as given, and the rule's numbers. `subject` is
 * the English words for the key in a sentence ("lr (the learning rate)"), for `formatFieldProblem` only.
 */
export interface FieldProblem {
  code: FieldProblemCode;
  params: MessageParams & { field: string };
  subject: string;
}

/** What every rule may say besides its kind: whether it may be left out, its default, what it means. */
interface RuleBase {
  optional: boolean;
  /** Words the English message adds after the key, e.g. keep "(the probability a unit is kept)". */
  meaning?: string;
}

export type FieldRule =
  /** A number in `range`. */
  | (RuleBase & { kind: 'number'; range: NumberRange; default?: number })
  /** A size given as n or [height, width], each whole and in `range`. */
  | (RuleBase & { kind: 'size'; range: 'count' | 'whole'; default?: number })
  | (RuleBase & { kind: 'boolean'; default?: boolean })
  /** One of `choices`; `noun` names the list in English ("unknown activation 'swish' (one of …)"). */
  | (RuleBase & { kind: 'choice'; choices: readonly string[]; noun?: string; default?: string });

/** A spec's keys besides `type`, each with its rule, in the order editors show them. */
export type FieldTable = Readonly<Record<string, FieldRule>>;

export function inRange(range: NumberRange, value: number): boolean {
  const bounds: RangeBounds = numberRanges[range];
  if (!Number.isFinite(value)) return false;
  if (bounds.integer && !Number.isInteger(value)) return false;
  if (bounds.exclusiveMin ? value <= bounds.min : value < bounds.min) return false;
  if (bounds.max !== undefined && (bounds.exclusiveMax ? value >= bounds.max : value > bounds.max)) return false;
  return true;
}

/** The problem of a number outside `range`: the range's code with the bounds its words quote. */
function rangeProblem(field: string, subject: string, range: NumberRange, value: unknown): FieldProblem {
  const { problem, min, max } = numberRanges[range] as RangeBounds;
  // "a positive number" quotes no bound; "in [0, 1)" quotes both.
  const quoted = engineMessages[problem];
  return {
    code: problem,
    params: { field, ...(quoted.includes('{min}') ? { min } : {}), ...(max !== undefined && quoted.includes('{max}') ? { max } : {}), got: show(value) },
    subject,
  };
}

/**
 * Why `value` does not fit the rule of `key`, or null when it fits. An absent value fits an optional
 * rule (the default applies).
 */
export function fieldProblem(key: string, rule: FieldRule, value: unknown): FieldProblem | null {
  // The problem is built only once there is one: this runs for every field of every spec read, some on
  // every training step (regularisation.ts), where a closure per call cost more than the checks.
  if (value === undefined) return rule.optional ? null : problemOf(key, rule, 'field.required');
  switch (rule.kind) {
    case 'number':
      return typeof value === 'number' && inRange(rule.range, value) ? null : rangeProblem(key, subjectOf(key, rule), rule.range, value);
    case 'size': {
      const fits = (n: unknown) => typeof n === 'number' && inRange(rule.range, n);
      if (!Array.isArray(value)) return fits(value) ? null : rangeProblem(key, subjectOf(key, rule), rule.range, value);
      if (value.length !== 2) return problemOf(key, rule, 'field.size-pair', { got: show(value) });
      const at = value.findIndex((n) => !fits(n));
      return at < 0 ? null : problemOf(key, rule, 'field.size-element', { at, min: numberRanges[rule.range].min, got: show(value[at]) });
    }
    case 'boolean':
      return typeof value === 'boolean' ? null : problemOf(key, rule, 'field.boolean', { got: show(value) });
    case 'choice':
      if (typeof value === 'string' && rule.choices.includes(value)) return null;
      return rule.noun
        ? problemOf(key, rule, 'field.unknown-name', { choices: rule.choices.join(', '), got: show(value) }, rule.noun)
        : problemOf(key, rule, 'field.choice', { choices: rule.choices.join(', '), got: show(value) });
  }
}

/** The words a message names the field by: its key, with the rule's meaning after it. */
function subjectOf(key: string, rule: FieldRule): string {
  return rule.meaning ? `${key} (${rule.meaning})` : key;
}

function problemOf(key: string, rule: FieldRule, code: FieldProblemCode, params: MessageParams = {}, words = subjectOf(key, rule)): FieldProblem {
  return { code, params: { field: key, ...params }, subject: words };
}

/** The English sentence of a field problem ("lr (the learning rate) must be a positive number, got -1"). */
export function formatFieldProblem(problem: FieldProblem): string {
  return fillTemplate(engineMessages[problem.code], { ...problem.params, field: problem.subject });
}

/**
 * A value as a message quotes it: an object as its JSON, a list by its first 8 elements, anything cut
 * to 80 characters, so a 100,000-character string or a 5000-element list in a spec file does not
 * become a 100,000-character message.
 */
function show(value: unknown): string {
  return typeof value === 'string' ? `'${briefValue(value)}'` : briefValue(value);
}

/** As show, without quotes around a string: for templates that quote the value themselves ("unknown type '{value}'"). */
export function briefValue(value: unknown): string {
  const cut = (text: string) => (text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}… (${text.length} characters)` : text);
  if (Array.isArray(value)) {
    const shown = value.slice(0, SHOWN_ELEMENTS).map((element) => (typeof element === 'object' && element !== null ? cut(safeJson(element)) : cut(String(element))));
    return `[${shown.join(', ')}${value.length > SHOWN_ELEMENTS ? `, … (${value.length} elements)` : ''}]`;
  }
  return cut(typeof value === 'object' && value !== null ? safeJson(value) : String(value));
}

const SHOWN_CHARS = 80;
const SHOWN_ELEMENTS = 8;

function safeJson(value: object): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
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
 * is `fail(problem)`, so each caller says where the key sits (a layer, an optimizer, a schedule);
 * `prefix` names a table below the spec the caller reports on (`earlyStopping.`).
 */
export function readFields<T extends FieldTable>(
  table: T, spec: object, fail: (problem: FieldProblem) => Error, prefix = '',
): FieldValues<T> {
  const given = spec as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(table)) {
    const problem = fieldProblem(`${prefix}${key}`, rule, given[key]);
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
