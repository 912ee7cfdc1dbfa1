/** Specs that set every key a field table declares, for the name-drift tests. */
import type { FieldRule } from '@backprop-lab/core';

/** A value the rule accepts that is not its default, so the key is really sent. */
function sampleValue(rule: FieldRule): unknown {
  switch (rule.kind) {
    case 'number': return rule.range === 'count' ? 2 : rule.range === 'whole' ? 1 : rule.range === 'probability' ? 0.5 : 0.25;
    case 'size': return rule.range === 'count' ? 2 : 1;
    case 'boolean': return !(rule.default ?? false);
    case 'choice': return rule.choices.find((c) => c !== rule.default) ?? rule.choices[0];
  }
}

export function withEveryKey(type: string, table: Readonly<Record<string, FieldRule>>): Record<string, unknown> {
  return { type, ...Object.fromEntries(Object.entries(table).map(([key, rule]) => [key, sampleValue(rule)])) };
}

