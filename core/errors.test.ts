/** Engine errors carry what went wrong as data (code, params, layer index), and the text says the same. */
import { describe, expect, it } from 'vitest';
import { DataError, ModelFileError, SpecError } from './errors.js';
import { engineMessages, formatMessage } from './messages.js';
import { validateModelSpec } from './model.js';
import { createOptimizer } from './optim/index.js';
import type { ModelSpec } from './spec.js';

function thrown(action: () => unknown): SpecError {
  try {
    action();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error('nothing was thrown');
}

describe('errors as data', () => {
  it('a kernel larger than its padded input: layer 1, the numbers of out = floor((n + 2p − k)/s) + 1', () => {
    const spec: ModelSpec = {
      inputShape: [1, 4, 4],
      layers: [{ type: 'conv2d', filters: 2, kernelSize: 3, padding: 1 }, { type: 'conv2d', filters: 2, kernelSize: 5 }, { type: 'flatten' }, { type: 'dense', units: 10 }],
      loss: 'softmax-cross-entropy',
    };
    const error = thrown(() => validateModelSpec(spec));
    // Layer 0 keeps 4×4 ((4 + 2 − 3)/1 + 1 = 4); layer 1: floor((4 + 0 − 5)/1) + 1 = 0.
    expect(error.code).toBe('layer.output-too-small');
    expect(error.layerIndex).toBe(1);
    expect(error.params).toEqual({ index: 1, type: 'conv2d', axis: 'height', size: 4, padding: 0, kernel: 5, stride: 1, out: '0' });
    expect(error.message).toBe('layer 1 (conv2d): output height floor((4 + 2·0 − 5)/1) + 1 = 0 < 1');
  });

  it('a field that breaks its rule names its layer (index and type) as data, the rule in words', () => {
    const spec = { inputShape: [784], layers: [{ type: 'dense', units: 16 }, { type: 'dense', units: 0 }], loss: 'mse' } as ModelSpec;
    const error = thrown(() => validateModelSpec(spec));
    expect({ code: error.code, layerIndex: error.layerIndex, params: error.params, problem: error.problem }).toEqual({
      code: 'layer.field', layerIndex: 1, params: { index: 1, type: 'dense' },
      problem: { code: 'field.whole', params: { field: 'units', min: 1, got: '0' } },
    });
    expect(error.message).toBe('layer 1 (dense): units must be a whole number ≥ 1, got 0');
  });

  it('an error about the whole spec has a code and no layer index', () => {
    const error = thrown(() => createOptimizer({ type: 'sgd', lr: -0.5 }));
    expect(error.code).toBe('optimizer.field');
    expect(error.params).toEqual({ optimizer: 'sgd' });
    // The English words for the key ("the learning rate") stay in the message; the data has the key.
    expect(error.problem).toEqual({ code: 'field.positive', params: { field: 'lr', got: '-0.5' } });
    expect(error.layerIndex).toBeUndefined();
    expect(error.message).toBe('optimizer sgd: lr (the learning rate) must be a positive number, got -0.5');
  });

  it('an error without a code of its own is generic, its text its only content', () => {
    const spec = new SpecError('something specific', 2);
    expect([spec.code, spec.params, spec.layerIndex]).toEqual(['spec.invalid', {}, 2]);
    expect([new DataError('bad magic', 'x.idx').code, new ModelFileError('truncated').code]).toEqual(['data.invalid', 'model-file.invalid']);
  });

  it('formats a template by name and leaves a missing parameter visible', () => {
    expect(formatMessage('schedule.base-lr', { schedule: 'step', value: 0 })).toBe('schedule step: base learning rate must be a positive number, got 0');
    expect(formatMessage('schedule.base-lr', { value: 0 })).toBe('schedule {schedule}: base learning rate must be a positive number, got 0');
  });

  it('every template uses only {name} as syntax (vue-i18n compiles them: no | @ or stray braces)', () => {
    for (const [code, template] of Object.entries(engineMessages)) {
      expect(template.replace(/\{\w+\}/g, ''), code).not.toMatch(/[|@{}]/);
    }
  });
});

describe('a field problem quotes the value as given, briefly', () => {
  const withUnits = (units: unknown): ModelSpec =>
    ({ inputShape: [4], layers: [{ type: 'dense', units }], loss: 'softmax-cross-entropy' }) as unknown as ModelSpec;

  it('an object as its JSON, not [object Object]', () => {
    expect(() => validateModelSpec(withUnits({ n: 3 }))).toThrow('layer 0 (dense): units must be a whole number ≥ 1, got {"n":3}');
  });

  it('a 100,000-character string or a 5000-element list cut to their start, with their length', () => {
    const long = (() => {
      try {
        validateModelSpec(withUnits('7'.repeat(100_000)));
      } catch (error) {
        return error as SpecError;
      }
    })()!;
    expect(long.message).toBe(`layer 0 (dense): units must be a whole number ≥ 1, got '${'7'.repeat(80)}… (100000 characters)'`);
    expect(long.problem?.params.got).toBe(`'${'7'.repeat(80)}… (100000 characters)'`);
    expect(() => validateModelSpec(withUnits(new Array(5000).fill(1)))).toThrow('got [1, 1, 1, 1, 1, 1, 1, 1, … (5000 elements)]');
  });
});

describe('a name that is not a name', () => {
  it('is quoted as its JSON in the unknown-name messages, not as [object Object]', () => {
    const spec = { inputShape: [4], layers: [{ type: 'dense', units: 2 }], loss: { type: 'mse' } } as unknown as ModelSpec;
    expect(() => validateModelSpec(spec)).toThrow(`Unknown loss '{"type":"mse"}'`);
    expect(() => createOptimizer({ type: ['adam'] } as never)).toThrow("optimizer: unknown type '[adam]'");
  });
});
