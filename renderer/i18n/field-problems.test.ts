/**
 * Every way a field can break its rule (core/fields.ts) is a `field.*` code whose English (core's
 * catalogue) and Chinese (zh-CN/errors.json) messages use exactly the parameters the engine sends, and
 * every field the engine checks has a label in both languages, so a refused value always reads whole:
 * the field in the form's words, the bounds, what was typed.
 */
import { describe, expect, it } from 'vitest';
import {
  earlyStoppingFields, engineMessages, fieldProblem, layerFields, layerTypes, optimizerFields, optimizerNames,
  regularisationFields, scheduleFields, scheduleTypes, trainSpecFields, type FieldRule, type FieldTable,
} from '@backprop-lab/core';
import { createLabI18n, labMessages, type Messages } from './index.js';
import { fieldLabelKey, type FieldPlace } from '../components/fieldLabels.js';

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();

function messageAt(messages: Messages, path: string): string | undefined {
  let node: string | Messages | undefined = messages;
  for (const part of path.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
}

const number = (range: Extract<FieldRule, { kind: 'number' }>['range']): FieldRule => ({ kind: 'number', range, optional: false });

/**
 * One bad value per code, with the parameters worked out by hand from the rule (the bounds of
 * core/fields.ts's ranges: positive > 0, non-negative ≥ 0, count whole ≥ 1, fraction [0, 1) …).
 */
const cases: Array<{ code: string; rule: FieldRule; value: unknown; params: Record<string, string | number> }> = [
  { code: 'field.required', rule: number('count'), value: undefined, params: { field: 'k' } },
  { code: 'field.positive', rule: number('positive'), value: 0, params: { field: 'k', got: '0' } },
  { code: 'field.at-least', rule: number('non-negative'), value: -0.5, params: { field: 'k', min: 0, got: '-0.5' } },
  { code: 'field.whole', rule: number('count'), value: 2.5, params: { field: 'k', min: 1, got: '2.5' } },
  { code: 'field.whole-below', rule: number('seed'), value: 2 ** 32, params: { field: 'k', min: 0, max: 4294967296, got: '4294967296' } },
  { code: 'field.in-closed', rule: number('unit-interval'), value: 1.5, params: { field: 'k', min: 0, max: 1, got: '1.5' } },
  { code: 'field.in-right-open', rule: number('fraction'), value: 1, params: { field: 'k', min: 0, max: 1, got: '1' } },
  { code: 'field.in-left-open', rule: number('probability'), value: 0, params: { field: 'k', min: 0, max: 1, got: '0' } },
  { code: 'field.size-pair', rule: { kind: 'size', range: 'count', optional: false }, value: [1, 2, 3], params: { field: 'k', got: '[1, 2, 3]' } },
  { code: 'field.size-element', rule: { kind: 'size', range: 'whole', optional: false }, value: [1, -1], params: { field: 'k', at: 1, min: 0, got: '-1' } },
  { code: 'field.boolean', rule: { kind: 'boolean', optional: false }, value: 'yes', params: { field: 'k', got: "'yes'" } },
  { code: 'field.choice', rule: { kind: 'choice', choices: ['a', 'b'], optional: false }, value: 'c', params: { field: 'k', choices: 'a, b', got: "'c'" } },
  { code: 'field.unknown-name', rule: { kind: 'choice', choices: ['a', 'b'], noun: 'thing', optional: false }, value: 'c', params: { field: 'k', choices: 'a, b', got: "'c'" } },
];

const messages = labMessages();

describe('field problems in both languages', () => {
  it('each bad value gives its code with the parameters worked out by hand, and every field.* code has a case', () => {
    for (const { code, rule, value, params } of cases) expect(fieldProblem('k', rule, value), code).toMatchObject({ code, params });
    const codes = Object.keys(engineMessages).filter((code) => code.startsWith('field.')).sort();
    expect(cases.map((c) => c.code).sort()).toEqual(codes);
  });

  it('the English and the Chinese message of each code use exactly the parameters it is sent, and show each', () => {
    for (const { code, params } of cases) {
      for (const locale of ['en', 'zh-CN'] as const) {
        const text = messageAt(messages[locale], `errors.${code}`);
        expect(text, `${locale} errors.${code}`).toBeDefined();
        expect(placeholders(text!), `${locale} ${code}`).toEqual(Object.keys(params).sort());
        const { t } = createLabI18n(locale).global;
        const shown = t(`errors.${code}`, params);
        for (const value of Object.values(params)) expect(shown, `${locale} ${code}`).toContain(String(value));
      }
    }
    createLabI18n('en');
  });

  it('every field the engine checks has a label in both languages, where its error puts it', () => {
    const tables: Array<[FieldPlace, FieldTable, string]> = [
      ...layerTypes.map((type) => ['layer', layerFields[type], ''] as [FieldPlace, FieldTable, string]),
      ...optimizerNames.map((name) => ['optimizer', optimizerFields[name], ''] as [FieldPlace, FieldTable, string]),
      ...scheduleTypes.map((type) => ['schedule', scheduleFields[type], ''] as [FieldPlace, FieldTable, string]),
      ['regularisation', regularisationFields, ''],
      ['train', trainSpecFields, ''],
      ['train', earlyStoppingFields, 'earlyStopping.'],
    ];
    const missing: string[] = [];
    for (const [place, table, prefix] of tables) {
      for (const key of Object.keys(table)) {
        const label = fieldLabelKey(place, `${prefix}${key}`);
        for (const locale of ['en', 'zh-CN'] as const) if (messageAt(messages[locale], label) === undefined) missing.push(`${locale} ${place} ${key} → ${label}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
