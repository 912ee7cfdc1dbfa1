/**
 * provenance.fineTunedFrom: a file that carries it reads back with it unchanged (binary and JSON forms),
 * one without it still loads, and a malformed one is refused with the code of the field at fault.
 */
import { describe, expect, it } from 'vitest';
import { ModelFileError } from '../errors.js';
import { formatMessage } from '../messages.js';
import { readLimits } from '../limits.js';
import { modelFileWithManifest, modelFileWithManifestText, tinyModel } from '../testing/file-builders.js';
import { fineTuneStartOf, isFineTunedFrom, isFineTuneStart, type FineTunedFrom } from './fine-tuned-from.js';
import { exportModelJson, importModelJson } from './json-export.js';
import { decodeModelFile, encodeModelFile, readManifest } from './model-file.js';

const origin: FineTunedFrom = {
  start: {
    name: 'cnn-best', runId: '20261123-170821-8206a1', createdAt: '2026-11-23T17:28:11.151Z', tensorsCrc32: 'd2cc396e',
    testAccuracy: 0.9947, testLoss: 0.0165, epochs: 12, trainingTimeMs: 1187408.7,
  },
  data: '55000 MNIST training digits and 10000 writer variants',
  samples: 68750,
  epochs: 2,
};

function fineTuned() {
  const model = tinyModel();
  model.provenance = { ...model.provenance, fineTunedFrom: origin };
  return model;
}

type Json = Record<string, unknown>;
/** The tiny model's file with `edit` applied to its fineTunedFrom. */
function withOrigin(edit: (origin: Json) => unknown): Uint8Array {
  return modelFileWithManifest(fineTuned(), (m) => {
    const provenance = m.provenance as Json;
    return { ...m, provenance: { ...provenance, fineTunedFrom: edit(structuredClone(provenance.fineTunedFrom) as Json) } };
  });
}

/** The refusal of `bytes` by both readers: its code and params (the same from each). */
function refusal(bytes: Uint8Array): { code: string; params: Json } {
  const errors = [readManifest, decodeModelFile].map((read) => {
    try {
      read(bytes, 'm.bplab');
    } catch (error) {
      expect(error).toBeInstanceOf(ModelFileError);
      return error as ModelFileError;
    }
    throw new Error(`${read.name} accepted the file`);
  });
  expect(errors[1]!.message).toBe(errors[0]!.message);
  return { code: errors[0]!.code, params: errors[0]!.params as Json };
}

describe('provenance.fineTunedFrom', () => {
  it('round-trips through the binary file and the JSON export unchanged', () => {
    expect(decodeModelFile(encodeModelFile(fineTuned())).provenance.fineTunedFrom).toEqual(origin);
    expect(importModelJson(exportModelJson(fineTuned())).provenance.fineTunedFrom).toEqual(origin);
  });

  it('is optional: a file without it loads, with no origin', () => {
    const back = decodeModelFile(encodeModelFile(tinyModel()));
    expect(back.provenance).toEqual(tinyModel().provenance);
    expect('fineTunedFrom' in back.provenance).toBe(false);
  });

  it('refuses a fineTunedFrom that is not an object, or has no start', () => {
    for (const bad of [null, 'cnn-best', [origin], { ...origin, start: 'cnn-best' }]) {
      expect(refusal(withOrigin(() => bad)).code).toBe('model-file.provenance-fine-tune');
    }
  });

  it('refuses a field of the wrong type, naming the field', () => {
    const cases: [(o: Json) => void, string, string][] = [
      [(o) => { (o.start as Json).name = 7; }, 'model-file.provenance-text', 'fineTunedFrom.start.name'],
      [(o) => { delete (o.start as Json).name; }, 'model-file.provenance-text', 'fineTunedFrom.start.name'],
      [(o) => { (o.start as Json).runId = ['run']; }, 'model-file.provenance-text', 'fineTunedFrom.start.runId'],
      [(o) => { (o.start as Json).testAccuracy = '99.47%'; }, 'model-file.provenance-fraction', 'fineTunedFrom.start.testAccuracy'],
      [(o) => { (o.start as Json).testAccuracy = 99.47; }, 'model-file.provenance-fraction', 'fineTunedFrom.start.testAccuracy'],
      [(o) => { delete (o.start as Json).testAccuracy; }, 'model-file.provenance-fraction', 'fineTunedFrom.start.testAccuracy'],
      [(o) => { (o.start as Json).epochs = 1.5; }, 'model-file.provenance-count', 'fineTunedFrom.start.epochs'],
      [(o) => { (o.start as Json).testLoss = -1; }, 'model-file.provenance-number', 'fineTunedFrom.start.testLoss'],
      [(o) => { o.data = { mnist: 55000 }; }, 'model-file.provenance-text', 'fineTunedFrom.data'],
      [(o) => { o.samples = -3; }, 'model-file.provenance-count', 'fineTunedFrom.samples'],
      [(o) => { delete o.epochs; }, 'model-file.provenance-count', 'fineTunedFrom.epochs'],
      [(o) => { o.trainingTimeMs = '21 min'; }, 'model-file.provenance-number', 'fineTunedFrom.trainingTimeMs'],
    ];
    for (const [edit, code, field] of cases) {
      const { code: got, params } = refusal(withOrigin((o) => (edit(o), o)));
      expect({ got, field: params.field }).toEqual({ got: code, field });
    }
  });

  it('refuses a non-finite number (1e999 reads as Infinity), quoting it as such', () => {
    const bytes = modelFileWithManifestText(fineTuned(), (json) => json.replace('"trainingTimeMs":1187408.7', '"trainingTimeMs":1e999'));
    const { code, params } = refusal(bytes);
    expect({ code, field: params.field, got: params.got }).toEqual({ code: 'model-file.provenance-number', field: 'fineTunedFrom.start.trainingTimeMs', got: 'Infinity' });
    expect(formatMessage(code as 'model-file.provenance-number', { file: 'm.bplab', ...params }))
      .toBe('m.bplab: provenance.fineTunedFrom.start.trainingTimeMs must be a finite number ≥ 0, not Infinity');
  });

  it('refuses a string longer than the manifest allows', () => {
    const long = 'x'.repeat(readLimits.maxStringLength + 1);
    for (const edit of [(o: Json) => { o.data = long; }, (o: Json) => { (o.start as Json).runId = long; }]) {
      const { code, params } = refusal(withOrigin((o) => (edit(o), o)));
      expect({ code, length: params.length }).toEqual({ code: 'model-file.provenance-too-long', length: readLimits.maxStringLength + 1 });
    }
  });
});

describe('isFineTunedFrom and isFineTuneStart (the run store\'s and the API\'s schemas take them)', () => {
  it('accept what the file reader accepts and refuse what it refuses', () => {
    expect(isFineTunedFrom(origin)).toBe(true);
    expect(isFineTuneStart(origin.start)).toBe(true);
    const broken: Array<(o: Json) => void> = [
      (o) => ((o.start as Json).testAccuracy = 1.5),
      (o) => ((o.start as Json).epochs = 2.5),
      (o) => (o.samples = -1),
      (o) => (o.data = 'x'.repeat(readLimits.maxStringLength + 1)),
      (o) => delete o.start,
    ];
    for (const edit of broken) {
      const value = structuredClone(origin) as unknown as Json;
      edit(value);
      expect(() => refusal(withOrigin(() => value))).not.toThrow();
      expect(isFineTunedFrom(value)).toBe(false);
    }
    expect(isFineTuneStart({ ...origin.start, testAccuracy: -0.1 })).toBe(false);
    expect(isFineTunedFrom(undefined)).toBe(false);
  });
});

describe('fineTuneStartOf', () => {
  it("records the start model's name, run, weights' CRC-32, test figures and training as its manifest holds them", () => {
    const start = tinyModel();
    start.metrics = { test: { loss: 0.5, accuracy: 0.75, count: 4 }, epochs: 3, trainingTimeMs: 1200 };
    start.provenance = { ...start.provenance, runId: 'run-7' };
    const manifest = readManifest(encodeModelFile(start));
    expect(fineTuneStartOf(manifest)).toEqual({
      name: 'tiny', runId: 'run-7', createdAt: '2026-01-01T00:00:00.000Z', tensorsCrc32: manifest.checksum.tensors,
      testAccuracy: 0.75, testLoss: 0.5, epochs: 3, trainingTimeMs: 1200,
    });
    expect(manifest.checksum.tensors).toMatch(/^[0-9a-f]{8}$/);
  });

  it("leaves out a start figure the record's rules refuse, so the record reads back; refuses an accuracy outside 0–1", () => {
    const start = tinyModel();
    start.metrics = { test: { loss: -1, accuracy: 0.75, count: 4 }, epochs: 2.5, trainingTimeMs: 1200 };
    const recorded = fineTuneStartOf(readManifest(encodeModelFile(start)));
    expect(recorded).not.toHaveProperty('epochs');
    expect(recorded).not.toHaveProperty('testLoss');
    expect(recorded).toMatchObject({ testAccuracy: 0.75, trainingTimeMs: 1200 });
    const file = modelFileWithManifest(tinyModel(), (m) => ({
      ...m, provenance: { ...(m.provenance as Json), fineTunedFrom: { ...origin, start: recorded } },
    }));
    expect(readManifest(file, 'm.bplab').provenance.fineTunedFrom?.start).toEqual(recorded);
    start.metrics = { test: { loss: 0.5, accuracy: 97.47, count: 4 }, epochs: 3 };
    expect(() => fineTuneStartOf(readManifest(encodeModelFile(start)))).toThrow(/testAccuracy \(97.47\) cannot be recorded/);
  });

  it('refuses a start without a recorded test accuracy', () => {
    const start = tinyModel();
    start.metrics = null;
    expect(() => fineTuneStartOf(readManifest(encodeModelFile(start)))).toThrow(/recorded test accuracy/);
  });
});
