/**
 * ONNX import: our own exports come back as the same network (identical predictions), a CNN written by
 * PyTorch's torch.onnx.export reproduces the predictions PyTorch recorded with it, and broken or
 * unsupported files are refused with an error naming the file, node and operator.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeOnnx, encodeOnnx, ModelFileError, onnx, type OnnxGraphMessage, type SavedModel } from '@backprop-lab/core';
import { bundledModel, bundledNames, coverageModels, engineProbabilities, maxAbsDifference, mnistBatch } from './support.js';

const options = { appVersion: '0.1.0', createdAt: '2026-12-01T00:00:00.000Z' };
const fixtures = resolve(import.meta.dirname, '../fixtures/onnx');

async function expectSamePredictions(original: SavedModel, imported: SavedModel) {
  const images = await mnistBatch();
  const before = await engineProbabilities(original, images);
  const after = await engineProbabilities(imported, images);
  expect(maxAbsDifference(before.data, after.data)).toBe(0);
}

/** Re-encodes a model after `edit` changes the graph of its decoded protobuf message. */
function edited(saved: SavedModel, edit: (graph: OnnxGraphMessage) => void): Uint8Array {
  const message = onnx.ModelProto.decode(encodeOnnx(saved));
  if (!(message.graph instanceof onnx.GraphProto)) throw new Error(`${saved.modelSpec.name}: the export holds no graph`);
  edit(message.graph);
  return onnx.ModelProto.encode(message).finish();
}

describe('ONNX import: round trip', () => {
  for (const name of bundledNames) {
    it(`${name}: export then import gives the same spec, weights, preprocessing and predictions`, async () => {
      const original = bundledModel(name);
      const imported = decodeOnnx(encodeOnnx(original), `${name}.onnx`, options);
      expect(imported.modelSpec).toEqual(original.modelSpec);
      expect(imported.trainSpec).toEqual(original.trainSpec);
      expect(imported.preprocessing).toEqual(original.preprocessing);
      expect(Object.keys(imported.weights).sort()).toEqual(Object.keys(original.weights).sort());
      for (const [key, tensor] of Object.entries(original.weights)) expect(imported.weights[key]!.data).toEqual(tensor.data);
      await expectSamePredictions(original, imported);
    });
  }

  it('every coverage model comes back with identical predictions', async () => {
    for (const { saved } of await coverageModels()) {
      const imported = decodeOnnx(encodeOnnx(saved), `${saved.modelSpec.name}.onnx`, options);
      expect(imported.preprocessing).toEqual(saved.preprocessing);
      await expectSamePredictions(saved, imported);
    }
  });
});

describe('ONNX import: a model written by PyTorch', () => {
  it('small-cnn.onnx (torch.onnx.export, tests/fixtures/onnx/make_small_cnn.py) gives the probabilities PyTorch recorded', async () => {
    const file = readFileSync(resolve(fixtures, 'small-cnn.onnx'));
    const recorded = JSON.parse(readFileSync(resolve(fixtures, 'small-cnn.predictions.json'), 'utf8')) as {
      count: number; probabilities: number[][];
    };
    const imported = decodeOnnx(new Uint8Array(file), 'small-cnn.onnx', options);
    // PyTorch folds nothing here but drops Dropout in eval mode; each ReLU fuses into the layer before it
    // except the one after BatchNorm, and the final Softmax into the last dense layer.
    expect(imported.modelSpec.layers).toEqual([
      { type: 'conv2d', filters: 4, kernelSize: 3, padding: 1, activation: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
      { type: 'maxpool2d', poolSize: 2 },
      { type: 'flatten' },
      { type: 'dense', units: 32 },
      { type: 'batchnorm' },
      { type: 'activation', fn: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ]);
    // nn.Linear's weight [out, in] (transB = 1) becomes the engine's [in, out].
    expect(imported.weights['layers.5.weight']!.shape).toEqual([288, 32]);
    expect(imported.preprocessing).toBeNull();
    const images = await mnistBatch(recorded.count);
    const ours = await engineProbabilities(imported, images);
    const difference = maxAbsDifference(ours.data, recorded.probabilities.flat());
    console.info(`onnx import small-cnn (PyTorch): max |Δp| = ${difference.toExponential(2)}`);
    expect(difference).toBeLessThanOrEqual(1e-5);
  });
});

describe('ONNX import: bad files', () => {
  const seed = () => bundledModel('lenet5');

  it('a truncated file: "not a readable ONNX file"', () => {
    const bytes = encodeOnnx(seed());
    expect(() => decodeOnnx(bytes.subarray(0, bytes.length - 1000), 'cut.onnx', options))
      .toThrow(/^cut\.onnx: not a readable ONNX file, it is truncated or corrupt/);
  });

  it('a file that is not ONNX at all', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    expect(() => decodeOnnx(png, 'digit.png', options)).toThrow(ModelFileError);
  });

  it('an unknown operator: the error names the node and the operator', () => {
    const bytes = edited(seed(), (graph) => {
      const relu = graph.node.find((n) => n.opType === 'Relu')!;
      relu.opType = 'Selu';
    });
    expect(() => decodeOnnx(bytes, 'selu.onnx', options)).toThrow(/^selu\.onnx: node "layers\.0\.Relu" \(Selu\) is not supported \(the operators imported are Gemm, /);
    // As data, so the app words it in Chinese or English: the file, the node and its operator.
    expect(() => decodeOnnx(bytes, 'selu.onnx', options)).toThrow(expect.objectContaining({
      code: 'onnx.node-unsupported', params: expect.objectContaining({ file: 'selu.onnx', node: 'layers.0.Relu', op: 'Selu' }),
    }));
  });

  it('a weight whose stored bytes do not match its shape: shape mismatch, before any allocation', () => {
    const bytes = edited(seed(), (graph) => {
      const weight = graph.initializer.find((t) => t.name === 'layers.0.weight')!;
      weight.dims = [6, 1, 5, 6];
    });
    expect(() => decodeOnnx(bytes, 'w.onnx', options))
      .toThrow('w.onnx: initialiser "layers.0.weight": shape mismatch, [6, 1, 5, 6] needs 720 bytes but raw_data holds 600');
    // 6·1·5·6 = 180 floats = 720 bytes; the tensor's place is the code, what is wrong with it the problem.
    expect(() => decodeOnnx(bytes, 'w.onnx', options)).toThrow(expect.objectContaining({
      code: 'onnx.initialiser', params: { file: 'w.onnx', tensor: 'layers.0.weight' },
      problem: { code: 'onnx-tensor.raw-bytes', params: { dims: '6, 1, 5, 6', expected: 720, actual: 600 } },
    }));
  });

  it('a dense weight that does not fit the layer before it: shape mismatch naming the node', () => {
    const saved = seed();
    const bytes = edited(saved, (graph) => {
      const gemm = graph.node.find((n) => n.opType === 'Gemm')!;
      const weight = graph.initializer.find((t) => t.name === gemm.input![1])!;
      weight.dims = [Number(weight.dims![1]), Number(weight.dims![0])];
    });
    expect(() => decodeOnnx(bytes, 'gemm.onnx', options)).toThrow(/^gemm\.onnx: node "layers\.\d+\.Gemm" \(Gemm\) shape mismatch: its weight takes 120 inputs but the layer before it gives \[400\]/);
  });

  it('an absurd tensor size is refused by the limit, not attempted', () => {
    const bytes = edited(seed(), (graph) => {
      graph.initializer[0]!.dims = [1 << 20, 1 << 20];
    });
    expect(() => decodeOnnx(bytes, 'huge.onnx', options)).toThrow(/elements is more than the 67108864 one tensor may have/);
  });

  it('a graph that is not a chain is refused, naming the node', () => {
    const bytes = edited(seed(), (graph) => {
      graph.node[graph.node.length - 2]!.input![0] = 'image';
    });
    expect(() => decodeOnnx(bytes, 'branch.onnx', options)).toThrow(/only a chain of layers can be imported/);
  });
});
