/**
 * Model files and checkpoints whose bytes are intact (checksums right) but whose manifest is hostile:
 * each must be refused with a ModelFileError naming the file and the field, never a TypeError or
 * RangeError from deeper in the engine, and never accepted.
 */
import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../errors.js';
import { manifestOf, modelFileWithManifest, modelFileWithManifestText, tinyModel, withManifestText } from '../testing/file-builders.js';
import { codeFault } from '../../tests/fuzz/fuzz.testing.js';
import { decodeTrainingCheckpoint, encodeCheckpoint } from './checkpoint.js';
import { decodeModelFile, readManifest } from './model-file.js';

type Json = Record<string, unknown>;
const spec = (m: Json) => m.modelSpec as Json;
const layers = (m: Json) => spec(m).layers as Json[];

function refusal(bytes: Uint8Array, name = 'm.bplab'): string {
  for (const read of [readManifest, decodeModelFile]) {
    try {
      read(bytes, name);
    } catch (error) {
      expect(error).toBeInstanceOf(ModelFileError);
      expect((error as Error).message.startsWith(`${name}: `)).toBe(true);
      // Worded by the app from its code and params, not from the English text.
      expect(codeFault(error), (error as Error).message).toBeNull();
      continue;
    }
    throw new Error(`${read.name} accepted the file`);
  }
  try {
    decodeModelFile(bytes, name);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('model file manifest', () => {
  it('reads the untouched tiny model (the builder is right)', () => {
    expect(decodeModelFile(modelFileWithManifest(tinyModel(), (m) => m)).modelSpec.name).toBe('tiny');
  });

  it('refuses a 10,000-deep unknown field in modelSpec before anything walks it', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const bytes = modelFileWithManifestText(tinyModel(), (json) => json.replace('"modelSpec":{', `"modelSpec":{"extra":${deep},`));
    expect(refusal(bytes)).toBe('m.bplab: the manifest is JSON nested more than 32 levels deep');
  });

  it('refuses an unknown field in modelSpec', () => {
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, modelSpec: { ...spec(m), extra: { a: 1 } } }))))
      .toBe('m.bplab: modelSpec has an unknown field "extra" (allowed: name, inputShape, layers, loss)');
  });

  it('refuses statistics that are not a list, and a preprocessing without spec', () => {
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, preprocessing: { spec: { type: 'standardise' }, statistics: 'mean' } }))))
      .toMatch(/preprocessing must be null or an object with a spec and a list of statistics/);
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, preprocessing: { statistics: ['mean', 'std'] } }))))
      .toMatch(/preprocessing must be null or/);
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, preprocessing: { spec: { type: 'sharpen' }, statistics: [] } }))))
      .toMatch(/preprocessing type "sharpen" is not one of none, minmax, standardise, pca-whiten, zca-whiten/);
  });

  it('refuses a preprocessing type that is missing or not text as such, not as the type "undefined"', () => {
    for (const spec of [{}, { type: 7 }, { type: null }]) {
      expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, preprocessing: { spec, statistics: [] } }))))
        .toBe('m.bplab: preprocessing.spec.type is missing or not text; it must be one of none, minmax, standardise, pca-whiten, zca-whiten');
    }
  });

  it('refuses an empty mean, on which applying the preprocessing would never end', () => {
    const model = tinyModel();
    model.preprocessing = { spec: { type: 'standardise' }, statistics: { mean: [], std: [] } };
    expect(refusal(modelFileWithManifest(model, (m) => m))).toMatch(/preprocessing mean has 0 values, which do not divide the 4 input values/);
  });

  it('refuses a null layer, and layer types constructor and __proto__', () => {
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, modelSpec: { ...spec(m), layers: [null, ...layers(m)] } }))))
      .toMatch(/modelSpec: layer 0 \(unknown\): unknown layer type 'unknown'/);
    for (const type of ['constructor', '__proto__', 'toString']) {
      const bytes = modelFileWithManifest(tinyModel(), (m) => ({ ...m, modelSpec: { ...spec(m), layers: [{ type }, ...layers(m)] } }));
      expect(refusal(bytes)).toMatch(new RegExp(`modelSpec: layer 0 \\(${type}\\): unknown layer type '${type}'`));
    }
  });

  it('refuses 2^40 units as a limit, not a RangeError', () => {
    const bytes = modelFileWithManifest(tinyModel(), (m) => ({ ...m, modelSpec: { ...spec(m), layers: [{ type: 'dense', units: 2 ** 40 }, layers(m)[1]] } }));
    expect(refusal(bytes)).toMatch(/modelSpec: layer 0 \(dense\): size 1099511627776 is more than the 65536 allowed/);
    const wide = modelFileWithManifest(tinyModel(), (m) => ({ ...m, modelSpec: { ...spec(m), inputShape: [60_000], layers: [{ type: 'dense', units: 60_000 }, layers(m)[1]] } }));
    expect(refusal(wide)).toMatch(/the model reaches 3600060000 parameters, more than the 134217728 allowed/);
  });

  it('refuses wrong-typed fields the app reads: modelSpec.name 42, a text accuracy, a numeric createdAt', () => {
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, modelSpec: { ...spec(m), name: 42 } })))).toMatch(/modelSpec: name must be text, got number/);
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, metrics: { test: { loss: 1, accuracy: 'high' } } }))))
      .toMatch(/metrics\.test must hold a loss and an accuracy as finite numbers/);
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, provenance: { appVersion: '1', createdAt: 7 } }))))
      .toMatch(/provenance\.createdAt must be text/);
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, trainSpec: 'sgd' })))).toMatch(/trainSpec must be an object or null/);
  });

  it('refuses more tensors than the limit and a rank beyond 8', () => {
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, tensors: Array.from({ length: 5000 }, () => (m.tensors as Json[])[0]) }))))
      .toMatch(/5000 tensors, more than the 4096 allowed/);
    expect(refusal(modelFileWithManifest(tinyModel(), (m) => ({ ...m, tensors: [{ ...(m.tensors as Json[])[0], shape: Array(9).fill(1) }] }))))
      .toMatch(/tensors\[0\] is malformed/);
  });
});

describe('checkpoint state', () => {
  const good = {
    epoch: 1, globalIteration: 10, weights: { 'layers.0.weight': Float32Array.from([1, 2]) },
    optimizer: { stepCount: 10, buffers: [{ v: [0, 0] }] }, rng: { words: [1, 2, 3, 4], spareNormal: null },
    best: null, epochsWithoutImprovement: 0, elapsedMs: 5,
  };

  it('reads a good one', () => {
    expect(decodeTrainingCheckpoint(encodeCheckpoint(good), 'c.ckpt').epoch).toBe(1);
  });

  it('refuses wrong-typed fields with the file and the field named', () => {
    const cases: [Json, RegExp][] = [
      [{ ...good, epoch: -1 }, /c\.ckpt: epoch must be a whole number ≥ 0, got -1/],
      [{ ...good, weights: { w: [1, 2] } }, /c\.ckpt: weights\["w"\] is not a float32 tensor/],
      [{ ...good, rng: { words: [1, 2, 3], spareNormal: null } }, /c\.ckpt: rng\.words must be four 32-bit whole numbers/],
      [{ ...good, optimizer: { stepCount: 1, buffers: [{ v: 'x' }] } }, /c\.ckpt: optimizer\.buffers\[0\] must map names to lists of numbers/],
      [{ ...good, best: { epoch: 0 } }, /c\.ckpt: best must be null or/],
    ];
    for (const [state, message] of cases) {
      expect(() => decodeTrainingCheckpoint(encodeCheckpoint(state), 'c.ckpt')).toThrow(ModelFileError);
      expect(() => decodeTrainingCheckpoint(encodeCheckpoint(state), 'c.ckpt')).toThrow(message);
    }
  });

  it('refuses a checksum that is not text, naming the file and the field', () => {
    const manifest = manifestOf(encodeCheckpoint(good)) as Json;
    for (const tensors of [{}, 837, null]) {
      const edited = { ...manifest, checksum: { algorithm: 'crc32', tensors } };
      const bytes = withManifestText(encodeCheckpoint(good), new TextEncoder().encode(JSON.stringify(edited)));
      expect(() => decodeTrainingCheckpoint(bytes, 'c.ckpt')).toThrow(ModelFileError);
      expect(() => decodeTrainingCheckpoint(bytes, 'c.ckpt')).toThrow(/^c\.ckpt: checksum is missing$/);
    }
  });

  it('says which field as data, so the app words it in Chinese or English', () => {
    expect(() => decodeTrainingCheckpoint(encodeCheckpoint({ ...good, epoch: -1 }), 'c.ckpt')).toThrow(expect.objectContaining({
      code: 'checkpoint.count', params: { file: 'c.ckpt', field: 'epoch', got: '-1' },
    }));
    expect(() => decodeTrainingCheckpoint(encodeCheckpoint({ ...good, weights: { w: [1, 2] } }), 'c.ckpt')).toThrow(expect.objectContaining({
      code: 'checkpoint.weight-not-float32', params: { file: 'c.ckpt', field: 'weights', key: 'w' },
    }));
  });
});
