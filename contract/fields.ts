/**
 * zod schemas built from core's field tables (core/fields.ts): one rule, one schema, so the contract
 * accepts exactly the keys and values the engine accepts, with the same words when it refuses.
 */
import { z } from 'zod';
import { fieldProblem, type FieldRule, type FieldTable } from '@backprop-lab/core';

/** The schema of one key: its kind's zod type, refined by the rule's own check. */
export function schemaOfRule(key: string, rule: FieldRule): z.ZodType {
  const base = rule.kind === 'number' ? z.number()
    : rule.kind === 'size' ? z.union([z.number(), z.array(z.number())])
      : rule.kind === 'boolean' ? z.boolean()
        : z.string();
  const checked = base.superRefine((value, context) => {
    const problem = fieldProblem(key, rule, value);
    if (problem !== null) context.addIssue({ code: 'custom', message: problem });
  });
  return rule.optional ? checked.optional() : checked;
}

/** `{ type: <literal>, …every key of the table }`, refusing keys outside it (as the engine does). */
export function schemaOfTable<const T extends string>(type: T, table: FieldTable) {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, rule] of Object.entries(table)) shape[key] = schemaOfRule(key, rule);
  return z.strictObject({ type: z.literal(type), ...shape });
}

/** The discriminated union of one schema per name, in the order of `names`. */
export function unionOfTables<const N extends readonly [string, ...string[]]>(names: N, tables: Record<N[number], FieldTable>) {
  const [first, ...rest] = names.map((name) => schemaOfTable(name, tables[name as N[number]]));
  return z.discriminatedUnion('type', [first!, ...rest]);
}
