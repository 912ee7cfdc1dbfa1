/** Errors cross the wire as data: code, params, layer index and field problem survive the response and reach the client. */
import { describe, expect, it } from 'vitest';
import { SpecError, validateModelSpec, type ModelSpec } from '@backprop-lab/core';
import { ContractError, LabError, MAX_PROBLEM_DEPTH, errorBodyOf, errorResponse, parseRequest, parseResponse } from './index.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const trainSpec = { optimizer: { type: 'sgd', lr: 0.1 }, init: 'zero', batchSize: 1, epochs: 1, seed: 1, validationSplit: 0, preprocess: { type: 'none' }, provider: 'auto' };

describe('errors on the wire', () => {
  const zeroUnits = { inputShape: [784], layers: [{ type: 'flatten' }, { type: 'dense', units: 16 }, { type: 'dense', units: 0 }], loss: 'mse' };
  // Layer 2's rule is count (a whole number ≥ 1): the field problem field.whole with min 1, got 0.
  const unitsProblem = { code: 'field.whole', params: { field: 'units', min: 1, got: '0' } };

  it('an engine spec error keeps its code, params, layer index and field problem through a response', () => {
    const error = thrown(() => validateModelSpec(zeroUnits as ModelSpec));
    expect(error).toBeInstanceOf(SpecError);
    const response = parseResponse(JSON.stringify(errorResponse(5, error)));
    expect(response).toEqual({
      id: 5,
      error: { message: 'layer 2 (dense): units must be a whole number ≥ 1, got 0', code: 'layer.field', params: { index: 2, type: 'dense' }, layerIndex: 2, problem: unitsProblem },
    });
    if (!('error' in response)) throw new Error('expected an error response');
    const received = new LabError(response.error);
    expect([received.code, received.layerIndex, received.problem]).toEqual(['layer.field', 2, unitsProblem]);
  });

  it('a field the contract refuses is the engine\'s own error: place, problem and layer as data', () => {
    const refused = thrown(() => parseRequest({ id: 1, method: 'runs.start', params: { modelSpec: zeroUnits, trainSpec } }));
    expect(refused).toBeInstanceOf(ContractError);
    expect(errorBodyOf(refused)).toEqual(errorBodyOf(thrown(() => validateModelSpec(zeroUnits as ModelSpec))));
    // A value of the wrong type is the same kind of problem, quoted as given.
    const text = errorBodyOf(thrown(() => parseRequest({ id: 1, method: 'runs.start', params: { modelSpec: { ...zeroUnits, layers: [{ type: 'dense', units: 'ten' }] }, trainSpec } })));
    expect(text).toMatchObject({ code: 'layer.field', layerIndex: 0, problem: { code: 'field.whole', params: { field: 'units', min: 1, got: "'ten'" } } });
    // The optimizer's and the TrainSpec's own fields name their place too.
    const beta = errorBodyOf(thrown(() => parseRequest({ id: 1, method: 'runs.start', params: { preset: 'seed-mlp', overrides: { optimizer: { type: 'adam', beta1: 1 } } } })));
    expect(beta).toMatchObject({ code: 'optimizer.field', params: { optimizer: 'adam' }, problem: { code: 'field.in-right-open', params: { field: 'beta1', min: 0, max: 1, got: '1' } } });
    expect(beta.message).toBe('optimizer adam: beta1 must be in [0, 1), got 1');
    const patience = errorBodyOf(thrown(() => parseRequest({ id: 1, method: 'runs.start', params: { preset: 'seed-mlp', trainSpec: { ...trainSpec, earlyStopping: { patience: 0 } } } })));
    expect(patience).toMatchObject({ code: 'train.field', problem: { code: 'field.whole', params: { field: 'earlyStopping.patience', min: 1, got: '0' } } });
  });

  it('a request refused for anything but a field keeps bad-params, naming the layer of its first issue', () => {
    const body = errorBodyOf(thrown(() => parseRequest({ id: 1, method: 'runs.start', params: { modelSpec: { ...zeroUnits, layers: [{ type: 'flatten' }, { type: 'dense', units: 3, strides: 2 }] }, trainSpec } })));
    expect(body.code).toBe('bad-params');
    expect(body.layerIndex).toBe(1);
    expect(body.params?.method).toBe('runs.start');
    expect(String(body.params?.issues)).toMatch(/^modelSpec\.layers\.1/);
  });

  it('an error with nothing but a message stays just that; a thrown non-Error becomes its text', () => {
    expect(errorBodyOf(new Error('disk full'))).toEqual({ message: 'disk full' });
    expect(errorBodyOf('plain')).toEqual({ message: 'plain' });
    expect(errorBodyOf(Object.assign(new Error('odd'), { code: 7, params: 'x', layerIndex: -1 }))).toEqual({ message: 'odd' });
  });

  it('a response whose error data is malformed is refused', () => {
    expect(() => parseResponse({ id: 1, error: { message: 'x', layerIndex: 1.5 } })).toThrow(ContractError);
    expect(() => parseResponse({ id: 1, error: { message: 'x', params: { a: { nested: true } } } })).toThrow(ContractError);
  });

  it('a problem inside a problem crosses whole; a cyclic chain is cut one level past the bound', () => {
    const chain = { code: 'layer.field', params: { index: 1, type: 'activation' }, problem: { code: 'field.at-least', params: { field: 'alpha', min: 0, got: '-2' } } };
    const nested = Object.assign(new Error('n.onnx: node "n" (LeakyRelu) …'), { code: 'onnx.node-layer', params: { file: 'n.onnx' }, problem: chain });
    const response = parseResponse(JSON.stringify(errorResponse(7, nested)));
    expect('error' in response && response.error.problem).toEqual(chain);

    const cycle: { code: string; params: object; problem?: unknown } = { code: 'layer.field', params: {} };
    cycle.problem = cycle;
    let body = errorBodyOf(Object.assign(new Error('loops'), { code: 'onnx.node-layer', problem: cycle })).problem;
    let levels = 0;
    for (; body; body = body.problem) levels++;
    expect(levels).toBe(MAX_PROBLEM_DEPTH + 1);
  });
});
