/**
 * zod schemas built from core's field tables (core/fields.ts): one rule, one schema, so the contract
 * accepts exactly the keys and values the engine accepts, with the same words when it refuses. A
 * refused field's issue carries its field problem as data (`params.problem`), and `fieldErrorOf` turns
 * it into the error the engine itself would give (`layer.field`, `optimizer.field`, …), so a client
 * shows a refusal by the contract exactly as one by the engine.
 */
import { z } from 'zod';
import { fieldProblem, formatFieldProblem, formatMessage, type FieldProblem, type FieldRule, type FieldTable, type MessageCode } from '@backprop-lab/core';
import type { ErrorParams } from './errors.js';

/** The schema of one key: its kind's zod type, refined by the rule's own check. */
export function schemaOfRule(key: string, rule: FieldRule): z.ZodType {
  const base = rule.kind === 'number' ? z.number()
    : rule.kind === 'size' ? z.union([z.number(), z.array(z.number())])
      : rule.kind === 'boolean' ? z.boolean()
        : z.string();
  // Every value is checked by the rule itself (a wrong type too), so the issue is always a field problem.
  const checked = z.unknown().superRefine((value, context) => {
    const problem = fieldProblem(key, rule, value);
    if (problem !== null) context.addIssue({ code: 'custom', message: formatFieldProblem(problem), params: { problem } });
  }).pipe(base);
  return rule.optional ? checked.optional() : checked;
}

/** The keys of `table` as zod object fields; `prefix` names the table below its spec (`earlyStopping.`). */
export function shapeOfTable(table: FieldTable, prefix = ''): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, rule] of Object.entries(table)) shape[key] = schemaOfRule(`${prefix}${key}`, rule);
  return shape;
}

/** `{ type: <literal>, …every key of the table }`, refusing keys outside it (as the engine does). */
export function schemaOfTable<const T extends string>(type: T, table: FieldTable) {
  return z.strictObject({ type: z.literal(type), ...shapeOfTable(table) });
}

/** The discriminated union of one schema per name, in the order of `names`. */
export function unionOfTables<const N extends readonly [string, ...string[]]>(names: N, tables: Record<N[number], FieldTable>) {
  const [first, ...rest] = names.map((name) => schemaOfTable(name, tables[name as N[number]]));
  return z.discriminatedUnion('type', [first!, ...rest]);
}

/** A refused field as the engine words it: where it is (code + params), what is wrong with it, the layer. */
export interface FieldError {
  message: string;
  code: MessageCode;
  params: ErrorParams;
  problem: FieldProblem;
  layerIndex?: number;
}

function at(value: unknown, path: readonly PropertyKey[]): unknown {
  let node = value;
  for (const key of path) node = typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined;
  return node;
}

/**
 * The first field problem among `error`'s issues, placed by its path in `input` (the params as sent):
 * `…layers.<i>.<key>` is a layer's field, `…optimizer.<key>` the optimizer's, `…schedule.<key>` the
 * schedule's, `…regularisation.<key>` a penalty's, any other `trainSpec.<key>` or `overrides.<key>` the
 * TrainSpec's own. Undefined when no issue is a field problem.
 */
export function fieldErrorOf(error: z.ZodError, input: unknown): FieldError | undefined {
  for (const issue of error.issues) {
    const problem = issue.code === 'custom' ? (issue.params as { problem?: FieldProblem } | undefined)?.problem : undefined;
    if (!problem) continue;
    const owner = issue.path.slice(0, -1);
    const spec = at(input, owner) as { type?: unknown } | undefined;
    const type = typeof spec?.type === 'string' ? spec.type : '';
    const parent = owner.at(-1);
    const placed = (code: MessageCode, params: ErrorParams, layerIndex?: number): FieldError => ({
      message: formatMessage(code, { ...params, problem: formatFieldProblem(problem) }), code, params, problem,
      ...(layerIndex !== undefined ? { layerIndex } : {}),
    });
    if (typeof parent === 'number' && owner.at(-2) === 'layers') return placed('layer.field', { index: parent, type }, parent);
    if (parent === 'optimizer') return placed('optimizer.field', { optimizer: type });
    if (parent === 'schedule') return placed('schedule.field', { schedule: type });
    if (parent === 'regularisation') return placed('regularisation.field', {});
    return placed('train.field', {});
  }
  return undefined;
}
