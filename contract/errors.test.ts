/** Errors cross the wire as data: code, params and layer index survive the response and reach the client. */
import { describe, expect, it } from 'vitest';
import { SpecError } from '@backprop-lab/core';
import { ContractError, LabError, errorBodyOf, errorResponse, parseRequest, parseResponse } from './index.js';

const trainSpec = { optimizer: { type: 'sgd', lr: 0.1 }, init: 'zero', batchSize: 1, epochs: 1, seed: 1, validationSplit: 0, preprocess: { type: 'none' }, provider: 'auto' };

describe('errors on the wire', () => {
  it('an engine spec error keeps its code, params and layer index through a response', () => {
    const error = SpecError.of('layer.whole-number', { index: 2, type: 'dense', field: 'units', min: 1, value: '0' }, 2);
    const response = parseResponse(JSON.stringify(errorResponse(5, error)));
    expect(response).toEqual({
      id: 5,
      error: { message: 'layer 2 (dense): units must be a whole number ≥ 1, got 0', code: 'layer.whole-number', params: { index: 2, type: 'dense', field: 'units', min: 1, value: '0' }, layerIndex: 2 },
    });
    if (!('error' in response)) throw new Error('expected an error response');
    const received = new LabError(response.error);
    expect([received.message, received.code, received.layerIndex, received.params.field]).toEqual([error.message, 'layer.whole-number', 2, 'units']);
  });

  it('a model spec the contract refuses names the layer of its first issue', () => {
    const request = { id: 1, method: 'runs.start', params: { modelSpec: { inputShape: [784], layers: [{ type: 'flatten' }, { type: 'dense', units: 'ten' }], loss: 'mse' }, trainSpec } };
    let caught: unknown;
    try {
      parseRequest(request);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContractError);
    const body = errorBodyOf(caught);
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
});
