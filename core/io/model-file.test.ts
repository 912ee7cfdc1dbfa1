import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../errors.js';
import { Tensor } from '../tensor.js';
import type { ModelSpec, TrainSpec } from '../spec.js';
import { crc32 } from './crc32.js';
import { decodeModelFile, encodeModelFile, readManifest, type SavedModel } from './model-file.js';
import { exportModelJson, importModelJson } from './json-export.js';
import { applyPreprocessing, fitPreprocessing } from '../data/preprocess.js';
import { Rng } from '../random.js';

const modelSpec: ModelSpec = {
  name: 'tiny',
  inputShape: [784],
  layers: [{ type: 'dense', units: 3, activation: 'relu' }, { type: 'batchnorm' }, { type: 'dense', units: 10 }],
  loss: 'softmax-cross-entropy',
};
const trainSpec: TrainSpec = {
  optimizer: { type: 'sgd', lr: 0.1 }, init: 'xavier-uniform', batchSize: 64, epochs: 1, seed: 7,
  validationSplit: 0, preprocess: { type: 'standardise' }, provider: 'reference',
};

function sampleModel(): SavedModel {
  const values = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) / 3);
  return {
    modelSpec, trainSpec,
    preprocessing: { spec: { type: 'standardise' }, statistics: { mean: [0.1, 1 / 3], std: [Math.PI, 0.5] } },
    metrics: { test: { loss: 0.25, accuracy: 0.9312, confusion: [[1, 0], [0, 1]] } },
    provenance: { appVersion: '0.1.0', createdAt: '2026-01-02T03:04:05.000Z', seed: 7, provider: 'reference', runId: 'run-1' },
    weights: {
      'layers.0.weight': new Tensor([3, 784], values(3 * 784, 0.7)),
      'layers.0.bias': new Tensor([3], values(3, 1.3)),
      'layers.1.runningMean': new Tensor([3], values(3, 2.1)),
      'layers.1.runningVar': new Tensor([3], Float32Array.from([1, 2, 3])),
      'layers.2.weight': new Tensor([10, 3], values(30, 0.3)),
    },
  };
}

function expectSameModel(back: SavedModel, original: SavedModel) {
  expect(back.modelSpec).toEqual(original.modelSpec);
  expect(back.trainSpec).toEqual(original.trainSpec);
  expect(back.metrics).toEqual(original.metrics);
  expect(back.provenance).toEqual(original.provenance);
  expect(back.preprocessing).toEqual(original.preprocessing);
  expect(Object.keys(back.weights)).toEqual(Object.keys(original.weights));
  for (const [name, tensor] of Object.entries(original.weights)) {
    expect(back.weights[name]!.shape).toEqual(tensor.shape);
    expect(back.weights[name]!.data).toEqual(tensor.data);
  }
}

describe('CRC-32', () => {
  it('gives the standard check value 0xCBF43926 for "123456789"', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });
  it('continues across chunks', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe('.bplab model file', () => {
  it('round-trips specs, preprocessing (float64), metrics, provenance and float32 tensors bit for bit', () => {
    const original = sampleModel();
    expectSameModel(decodeModelFile(encodeModelFile(original)), original);
  });

  it('has the documented layout: magic, version, manifest length, 16-byte aligned data, CRC trailer', () => {
    const bytes = encodeModelFile(sampleModel());
    const view = new DataView(bytes.buffer);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('BPLABMDL');
    expect(view.getUint32(8, true)).toBe(1);
    const manifestLength = view.getUint32(12, true);
    const manifest = JSON.parse(new TextDecoder().decode(bytes.subarray(16, 16 + manifestLength)));
    const dataStart = Math.ceil((16 + manifestLength) / 16) * 16;
    const bias = manifest.tensors.find((t: { name: string }) => t.name === 'layers.0.bias');
    expect(bias.offset % 16).toBe(0);
    // Reading a tensor by hand, as a Python reader would.
    const first = new DataView(bytes.buffer, dataStart + bias.offset, 12);
    expect(first.getFloat32(4, true)).toBe(Math.fround(Math.sin(1.3) / 3));
    expect(view.getUint32(bytes.length - 4, true)).toBe(crc32(bytes.subarray(0, bytes.length - 4)));
    expect(readManifest(bytes).modelSpec).toEqual(modelSpec);
  });

  it('detects a flipped byte anywhere (manifest, tensor data, trailer)', () => {
    const bytes = encodeModelFile(sampleModel());
    for (const position of [40, bytes.length - 100, bytes.length - 2]) {
      const corrupt = bytes.slice();
      corrupt[position]! ^= 0x10;
      expect(() => decodeModelFile(corrupt, 'm.bplab')).toThrow(ModelFileError);
    }
    const corrupt = bytes.slice();
    corrupt[bytes.length - 100]! ^= 0x01;
    expect(() => decodeModelFile(corrupt, 'm.bplab')).toThrow(/m\.bplab: checksum mismatch \(file says [0-9a-f]{8}, contents give [0-9a-f]{8}\); the file is corrupt/);
  });

  it('reports truncation with the length found and expected', () => {
    const bytes = encodeModelFile(sampleModel());
    expect(() => decodeModelFile(bytes.subarray(0, bytes.length - 10), 'm.bplab'))
      .toThrow(`m.bplab: truncated at byte ${bytes.length - 10} (expected ${bytes.length} bytes)`);
    expect(() => decodeModelFile(bytes.subarray(0, 100), 'm.bplab')).toThrow(/truncated at byte 100/);
    expect(() => decodeModelFile(bytes.subarray(0, 12), 'm.bplab')).toThrow(/truncated at byte 12/);
  });

  it('refuses a wrong magic number, showing the first bytes', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => decodeModelFile(png, 'x.png')).toThrow('x.png: not a Backprop Lab model file (starts with 89 50 4e 47 0d 0a 1a 0a, expected "BPLABMDL")');
    expect(() => decodeModelFile(new Uint8Array(0), 'empty')).toThrow(/starts with —/);
  });

  it('refuses a newer format version', () => {
    const bytes = encodeModelFile(sampleModel());
    new DataView(bytes.buffer).setUint32(8, 2, true);
    expect(() => decodeModelFile(bytes, 'new.bplab')).toThrow(/format version 2 is newer than this app reads \(1\)/);
  });

  it('stores fitted whitening so that applying it after loading gives the same numbers', () => {
    const rng = new Rng(2);
    const train = Float32Array.from({ length: 300 * 8 }, () => rng.next());
    const fitted = fitPreprocessing({ type: 'zca-whiten', epsilon: 0.01 }, train, 300);
    const loaded = decodeModelFile(encodeModelFile({ ...sampleModel(), preprocessing: fitted })).preprocessing!;
    expect(loaded).toEqual(fitted);
    const sample = Float32Array.from({ length: 8 }, () => rng.next());
    expect(applyPreprocessing(loaded, sample.slice())).toEqual(applyPreprocessing(fitted, sample.slice()));
  });

  it('saves a model without preprocessing, train spec or metrics', () => {
    const model = { ...sampleModel(), preprocessing: null, trainSpec: null, metrics: null };
    expectSameModel(decodeModelFile(encodeModelFile(model)), model);
  });
});

describe('JSON export', () => {
  it('round-trips exactly through JSON text', () => {
    const original = sampleModel();
    const text = JSON.stringify(exportModelJson(original));
    const parsed = JSON.parse(text);
    expect(parsed.tensors['layers.0.bias'].shape).toEqual([3]);
    expect(parsed.tensors['preprocessing.mean'].data).toEqual([0.1, 1 / 3]);
    expectSameModel(importModelJson(text), original);
  });

  it('round-trips a weight of −0 (JSON has no −0: it is written, and checked, as +0)', () => {
    const model = sampleModel();
    model.weights['layers.0.bias'] = new Tensor([3], Float32Array.from([-0, 1, -0]));
    const back = importModelJson(JSON.stringify(exportModelJson(model)), 'z.json');
    expect(Array.from(back.weights['layers.0.bias']!.data)).toEqual([0, 1, 0]);
  });

  it('detects an edited weight by the tensor checksum', () => {
    const json = exportModelJson(sampleModel());
    json.tensors['layers.2.weight']!.data[5] = 42;
    expect(() => importModelJson(json, 'edited.json')).toThrow(/edited\.json: tensor checksum mismatch/);
  });

  it('names a missing tensor and a missing manifest', () => {
    const json = exportModelJson(sampleModel());
    delete json.tensors['layers.0.bias'];
    expect(() => importModelJson(json, 'j.json')).toThrow('j.json: tensor "layers.0.bias" is missing');
    expect(() => importModelJson('{"tensors":{}}', 'k.json')).toThrow(/expected an object with "manifest" and "tensors"/);
    expect(() => importModelJson('{', 'k.json')).toThrow(/k\.json: not valid JSON/);
  });

  it('refuses a non-finite number the .bplab file could not store (JSON writes it as null)', () => {
    const cases: [string, string, string][] = [
      ['"metrics":{"test":{"loss":-1e999,"accuracy":0.75}}', 'model-file.metrics-part', 'n.json: metrics.test must hold a loss and an accuracy as finite numbers'],
      ['"metrics":{"epochs":1e999}', 'model-file.metrics-number', 'n.json: metrics.epochs must be a finite number'],
      ['"provenance":{"appVersion":"1","createdAt":"2026-01-01","seed":-1e999}', 'model-file.provenance-seed', 'n.json: provenance.seed must be a finite number'],
    ];
    for (const [field, code, message] of cases) {
      const model = sampleModel();
      const json = JSON.stringify({ ...exportModelJson(model), manifest: { ...exportModelJson(model).manifest, metrics: null, provenance: null } });
      const text = json.replace(`"${field.slice(1, field.indexOf('"', 1))}":null`, field);
      expect(text).toContain(field);
      expect(() => importModelJson(text, 'n.json')).toThrow(ModelFileError);
      expect(() => importModelJson(text, 'n.json')).toThrow(expect.objectContaining({ code, message }));
    }
    const epsilon = JSON.stringify(exportModelJson(sampleModel())).replace('"preprocessing":{"spec":{"type":"standardise"}', '"preprocessing":{"spec":{"type":"standardise","epsilon":1e999}');
    expect(epsilon).toContain('"epsilon":1e999');
    expect(() => importModelJson(epsilon, 'n.json')).toThrow(expect.objectContaining({
      code: 'model-file.preprocessing-epsilon', message: 'n.json: preprocessing epsilon must be a finite number ≥ 0',
    }));
  });

  it('refuses tensors that are not an object of tensors by name', () => {
    for (const tensors of [null, [], 7]) {
      const json = { ...exportModelJson(sampleModel()), tensors };
      expect(() => importModelJson(json, 't.json')).toThrow(ModelFileError);
      expect(() => importModelJson(json, 't.json')).toThrow(expect.objectContaining({
        code: 'model-json.tensors-not-object', message: 't.json: "tensors" must be an object of tensors by name',
      }));
    }
  });

  it('refuses JSON nested past the limit before any check walks it', () => {
    const text = JSON.stringify(exportModelJson(sampleModel())).replace('"manifest":{', `"extra":${'['.repeat(5000)}${']'.repeat(5000)},"manifest":{`);
    expect(() => importModelJson(text, 'deep.json')).toThrow(ModelFileError);
    expect(() => importModelJson(text, 'deep.json')).toThrow(expect.objectContaining({
      code: 'model-json.too-deep', message: 'deep.json: the JSON is nested more than 32 levels deep',
    }));
  });
});
