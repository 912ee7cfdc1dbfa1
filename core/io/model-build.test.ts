/**
 * A saved model that builds comes back as a network with its weights; one whose memory the machine cannot
 * give (the RangeError V8 throws when an allocation fails) comes back as one ModelFileError under the
 * reader's code, its problem `model.cannot-allocate` with V8's reason, and the saved model is as it was.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ModelFileError } from '../errors.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Model } from '../model.js';
import type { ModelSpec } from '../spec.js';
import { Tensor } from '../tensor.js';
import { buildSavedModel } from './model-build.js';
import { encodeModelFile } from './model-file.js';
import { importModelFile } from './import-formats.js';

const modelSpec: ModelSpec = {
  name: 'small',
  inputShape: [4],
  layers: [{ type: 'dense', units: 3, activation: 'relu' }, { type: 'dense', units: 2 }],
  loss: 'softmax-cross-entropy',
};

/** Weights of the right shapes (the model's own layout), each value distinct: (dotted name, values). */
function weightsOf(spec: ModelSpec): Record<string, Tensor> {
  const shapes = Model.build(spec, { kernels: createReferenceKernels(), dtype: 'float32' }).stateDict();
  let next = 0;
  return Object.fromEntries(Object.entries(shapes).map(([name, tensor]) => [
    name, new Tensor(tensor.shape, Float32Array.from({ length: tensor.size }, () => (next++ % 7) / 8 - 0.25)),
  ]));
}

/** What V8 throws when an allocation cannot be met: a buffer of 2^53 − 1 bytes (8 PiB) is refused before any memory is taken. */
function allocationFailure(): RangeError {
  try {
    new ArrayBuffer(Number.MAX_SAFE_INTEGER);
  } catch (error) {
    if (error instanceof RangeError) return error;
    throw error;
  }
  throw new Error('an 8 PiB buffer was allocated');
}

/** Builds fail as on a machine out of memory: Model.build throws V8's RangeError. */
function outOfMemory(): RangeError {
  const failure = allocationFailure();
  vi.spyOn(Model, 'build').mockImplementation(() => {
    throw failure;
  });
  return failure;
}

const snapshot = (weights: Record<string, Tensor>) => Object.entries(weights).map(([name, t]) => [name, [...t.shape], Array.from(t.data)]);

afterEach(() => vi.restoreAllMocks());

describe('buildSavedModel', () => {
  it('builds the network and loads the saved weights into it', () => {
    const weights = weightsOf(modelSpec);
    const model = buildSavedModel({ modelSpec, weights }, createReferenceKernels(), 'small.bplab');
    expect(snapshot(model.stateDict())).toEqual(snapshot(weights));
  });

  it('reports memory the machine cannot give as model.cannot-allocate with the reason, under the file\'s code, and changes nothing', () => {
    const weights = weightsOf(modelSpec);
    const before = { spec: structuredClone(modelSpec), weights: snapshot(weights) };
    const { message: reason } = outOfMemory();
    expect(reason, 'V8 says why').not.toBe('');

    let thrown: unknown;
    try {
      buildSavedModel({ modelSpec, weights }, createReferenceKernels(), 'small.bplab');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ModelFileError);
    const error = thrown as ModelFileError;
    expect(error.code).toBe('model-file.does-not-build');
    expect(error.params).toEqual({ file: 'small.bplab' });
    expect(error.problem).toEqual({ code: 'model.cannot-allocate', params: { reason } });
    // core/messages.ts: '{file}: the network in the file does not build: {problem}', the problem's own text inside.
    expect(error.message).toBe(`small.bplab: the network in the file does not build: this machine cannot allocate the memory the network needs (${reason})`);
    expect(modelSpec).toEqual(before.spec);
    expect(snapshot(weights)).toEqual(before.weights);
  });

  it('reports the same when the network builds and loading its weights is what cannot allocate', () => {
    const weights = weightsOf(modelSpec);
    const before = snapshot(weights);
    const failure = allocationFailure();
    const load = vi.spyOn(Model.prototype, 'loadStateDict').mockImplementation(() => {
      throw failure;
    });
    expect(() => buildSavedModel({ modelSpec, weights }, createReferenceKernels(), 'small.bplab')).toThrow(expect.objectContaining({
      code: 'model-file.does-not-build',
      problem: { code: 'model.cannot-allocate', params: { reason: failure.message } },
    }));
    expect(load, 'the network was built and its weights were being loaded').toHaveBeenCalledTimes(1);
    expect(snapshot(weights)).toEqual(before);
  });

  it('words it as an ONNX file\'s when the ONNX import asks', () => {
    const weights = weightsOf(modelSpec);
    const { message: reason } = outOfMemory();
    expect(() => buildSavedModel({ modelSpec, weights }, createReferenceKernels(), 'net.onnx', 'onnx.does-not-build'))
      .toThrow(expect.objectContaining({
        code: 'onnx.does-not-build',
        params: { file: 'net.onnx' },
        problem: { code: 'model.cannot-allocate', params: { reason } },
        message: `net.onnx: the imported network does not build: this machine cannot allocate the memory the network needs (${reason})`,
      }));
  });
});

describe('importModelFile of a file whose network cannot be allocated', () => {
  it('refuses it with model.cannot-allocate and leaves the bytes it was given as they were', () => {
    const bytes = encodeModelFile({
      modelSpec, trainSpec: null, preprocessing: null, metrics: null,
      provenance: { appVersion: '0.1.0', createdAt: '2026-01-02T03:04:05.000Z', seed: 1, provider: 'reference' },
      weights: weightsOf(modelSpec),
    });
    const copy = Uint8Array.from(bytes);
    const { message: reason } = outOfMemory();
    expect(() => importModelFile('small.bplab', bytes, { appVersion: '0.1.0', createdAt: '2026-01-02T03:04:05.000Z' })).toThrow(expect.objectContaining({
      code: 'model-file.does-not-build',
      problem: { code: 'model.cannot-allocate', params: { reason } },
    }));
    expect(bytes).toEqual(copy);
  });
});
