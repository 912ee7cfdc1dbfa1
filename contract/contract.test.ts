/** The wire format rejects anything that does not follow the contract, and accepts what does. */
import { describe, expect, it } from 'vitest';
import { ContractError, bindLabApi, methodNames, parseEvent, parseRequest, parseResponse, parseResult, rejectionOf, type LabTransport } from './index.js';

const pixels = new Array(784).fill(0);

describe('parseRequest', () => {
  it('accepts a well-formed request and returns its typed params', () => {
    const request = parseRequest(JSON.stringify({ id: 7, method: 'predict', params: { modelId: 'bundled:seed-mlp', input: pixels } }));
    expect(request).toMatchObject({ id: 7, method: 'predict' });
    expect((request.params as { input: number[] }).input).toHaveLength(784);
  });

  it('treats absent params as {} for methods that take none', () => {
    expect(parseRequest({ id: 'a', method: 'models.list' }).params).toEqual({});
  });

  const rejected: Array<[string, unknown, RegExp]> = [
    ['text that is not JSON', '{"id":1,', /not valid JSON/],
    ['an array', [1, 2], /malformed request/],
    ['a request without id', { method: 'models.list', params: {} }, /malformed request: id/],
    ['an id that is an object', { id: { x: 1 }, method: 'models.list' }, /malformed request: id/],
    ['an unknown method', { id: 1, method: 'models.format', params: {} }, /unknown method "models.format"/],
    ['an extra envelope field', { id: 1, method: 'models.list', params: {}, admin: true }, /malformed request/],
    ['783 pixels', { id: 1, method: 'predict', params: { modelId: 'm', input: pixels.slice(1) } }, /predict: invalid params: input/],
    ['a pixel that is a string', { id: 1, method: 'predict', params: { modelId: 'm', input: ['1', ...pixels.slice(1)] } }, /input\.0/],
    ['an unexpected param', { id: 1, method: 'models.list', params: { all: true } }, /models\.list: invalid params/],
    ['runs.start with neither a preset nor both specs', { id: 1, method: 'runs.start', params: { dataset: { source: 'mnist', trainLimit: 10 } } }, /needs a preset/],
    ['a negative batch size override', { id: 1, method: 'runs.start', params: { preset: 'seed-mlp', overrides: { batchSize: -4 } } }, /^TrainSpec: batchSize must be a whole number ≥ 1, got -4$/],
    ['a layer of unknown type', {
      id: 1, method: 'runs.start', params: {
        modelSpec: { inputShape: [784], layers: [{ type: 'dense2', units: 3 }], loss: 'mse' },
        trainSpec: { optimizer: { type: 'sgd', lr: 0.1 }, init: 'zero', batchSize: 1, epochs: 1, seed: 1, validationSplit: 0, preprocess: { type: 'none' }, provider: 'auto' },
      },
    }, /modelSpec\.layers\.0/],
    ['a user dataset without a name', { id: 1, method: 'runs.start', params: { preset: 'seed-mlp', dataset: { source: 'user' } } }, /dataset\.name/],
    ['a subset of 0 images', { id: 1, method: 'runs.start', params: { preset: 'seed-mlp', dataset: { source: 'mnist', trainLimit: 0 } } }, /dataset\.trainLimit/],
    ['a test subset of a user dataset (it has no test part)', {
      id: 1, method: 'runs.start', params: { preset: 'seed-mlp', dataset: { source: 'user', name: 'mine', testLimit: 5 } },
    }, /dataset/],
    ['a model start without the model', { id: 1, method: 'runs.start', params: { preset: 'seed-mlp', start: { from: 'model' } } }, /start\.modelId/],
    ['resuming with 0 epochs', { id: 1, method: 'runs.resume', params: { id: 'r', epochs: 0 } }, /epochs/],
    ['an unknown provider', { id: 1, method: 'settings.setProvider', params: { provider: 'cuda' } }, /provider/],
  ];
  for (const [what, message, error] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => parseRequest(message)).toThrow(ContractError);
      expect(() => parseRequest(message)).toThrow(error);
    });
  }
});

describe('parseEvent', () => {
  it('accepts a valid engine.status event', () => {
    expect(parseEvent({ event: 'engine.status', payload: { state: 'crashed', generation: 2, message: 'exit 1' } }).payload)
      .toEqual({ state: 'crashed', generation: 2, message: 'exit 1' });
  });
  it('rejects an unknown event, a bad payload and a missing payload', () => {
    expect(() => parseEvent({ event: 'training.explode', payload: {} })).toThrow(/unknown event/);
    expect(() => parseEvent({ event: 'training.error', payload: { runId: 5 } })).toThrow(/training\.error: invalid payload/);
    expect(() => parseEvent({ event: 'engine.status' })).toThrow(/malformed event|invalid payload/);
  });
});

describe('responses and results', () => {
  it('rejects a response with both result and error, or neither', () => {
    expect(() => parseResponse({ id: 1 })).toThrow(ContractError);
    expect(() => parseResponse({ id: 1, result: 1, error: { message: 'x' } })).toThrow(ContractError);
    expect(parseResponse({ id: 1, error: { message: 'no' } })).toEqual({ id: 1, error: { message: 'no' } });
  });
  it('accepts id: null only on an error, the answer to a message whose id could not be read', () => {
    expect(parseResponse({ id: null, error: { message: 'no id', code: 'bad-message' } })).toEqual({ id: null, error: { message: 'no id', code: 'bad-message' } });
    expect(() => parseResponse({ id: null, result: 1 })).toThrow(ContractError);
  });
  it('rejectionOf answers under the message id when it has one, else under null', () => {
    const error = new ContractError('malformed request: x');
    expect(rejectionOf({ id: 7, method: 3 }, error)).toEqual({ id: 7, error: { message: 'malformed request: x', code: 'bad-message' } });
    expect(rejectionOf({ method: 'models.list' }, error)).toEqual({ id: null, error: { message: 'malformed request: x', code: 'bad-message' } });
    expect(rejectionOf('{not json', error)).toMatchObject({ id: null });
  });
  it('checks a result against its method', () => {
    expect(() => parseResult('predict', { probabilities: [1], digit: 'seven', modelId: 'm' })).toThrow(/predict: invalid result: digit/);
  });
  it('covers every operation of the app, each with a params and a result schema', () => {
    expect([...methodNames].sort()).toEqual([
      'datasets.delete', 'datasets.importBegin', 'datasets.importCancel', 'datasets.importChunk', 'datasets.importFinish', 'datasets.list', 'engine.restart', 'engine.status', 'experiments.list', 'experiments.run', 'experiments.stop',
      'handwriting.add', 'handwriting.delete', 'handwriting.evaluate', 'handwriting.export', 'handwriting.finetune', 'handwriting.finetunes', 'handwriting.import', 'handwriting.list',
      'handwriting.relabel', 'handwriting.restore', 'insight.explain', 'insight.mnist', 'insight.mnistDigits', 'models.delete', 'models.export', 'models.fitting', 'models.get', 'models.import', 'models.list', 'models.skipped', 'predict',
      'presets.list', 'runs.checkpoints', 'runs.damaged', 'runs.delete', 'runs.get', 'runs.list', 'runs.pause', 'runs.rename', 'runs.resume', 'runs.start', 'runs.stop',
      'settings.get', 'settings.setProvider', 'window.setTheme',
    ]);
  });
});

describe('bindLabApi', () => {
  it('sends the wire method and params, and validates what comes back', async () => {
    const calls: Array<[string, unknown]> = [];
    const transport: LabTransport = {
      call: async (method, params) => {
        calls.push([method, params]);
        return method === 'runs.pause' ? { bogus: true } : { probabilities: [0.2, 0.8], digit: 1, modelId: 'm' };
      },
      subscribe: () => () => undefined,
    };
    const lab = bindLabApi(transport);
    await expect(lab.predict('m', pixels)).resolves.toMatchObject({ digit: 1 });
    await expect(lab.runs.pause('r1')).rejects.toThrow(/runs\.pause: invalid result/);
    expect(calls).toEqual([['predict', { modelId: 'm', input: pixels }], ['runs.pause', { id: 'r1' }]]);
  });

  it('delivers only valid events of the subscribed name', () => {
    let deliver: (message: unknown) => void = () => undefined;
    const lab = bindLabApi({ call: async () => undefined, subscribe: (listener) => ((deliver = listener), () => undefined) });
    const seen: unknown[] = [];
    lab.on('training.error', (payload) => seen.push(payload));
    deliver({ event: 'training.error', payload: { runId: 'r', message: 'NaN at epoch 2' } });
    deliver({ event: 'training.error', payload: { runId: 3 } });
    deliver({ event: 'engine.status', payload: { state: 'ready', generation: 1 } });
    expect(seen).toEqual([{ runId: 'r', message: 'NaN at epoch 2' }]);
  });
});
