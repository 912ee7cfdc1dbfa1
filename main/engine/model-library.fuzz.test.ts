/**
 * Fuzz of importing a model into the library (the Models view's Import and `backprop-lab import`):
 * mutated `.bplab`, JSON export and ONNX files of a network that reads the pad's 28×28 image. Each
 * ends in a model in the library or a refusal naming the file, and after a refusal the models folder
 * is byte-identical to before: nothing half-written, nothing replaced.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelFile, encodeOnnx, exportModelJson, ModelFileError, SpecError, Tensor, selectKernels, type SavedModel } from '@backprop-lab/core';
import { tinyModel } from '../../core/testing/file-builders.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';
import { ModelStore } from '../store/model-store.js';
import { ModelLibrary } from './model-library.js';

const bundledDir = resolve(import.meta.dirname, '..', '..', 'resources', 'models');
const root = mkdtempSync(join(tmpdir(), 'library-fuzz-'));
const userDir = join(root, 'models');
const library = new ModelLibrary(new ModelStore(bundledDir, userDir), () => selectKernels('reference'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** 784 inputs → 3 ReLU → 2: small, and it reads the pad's image. */
function padModel(): SavedModel {
  const tiny = tinyModel();
  return {
    ...tiny, preprocessing: null,
    modelSpec: { ...tiny.modelSpec, name: 'pad', inputShape: [784] },
    weights: { ...tiny.weights, 'layers.0.weight': new Tensor([784, 3], Float32Array.from({ length: 784 * 3 }, (_, i) => ((i * 37) % 11) / 11 - 0.5)) },
  };
}

/** Our errors: the file's (ModelFileError), the network's (SpecError), and the library's own refusal (a plain Error). */
const isOwnError = (error: unknown) => error instanceof ModelFileError || error instanceof SpecError || (error as Error)?.constructor === Error;

describe('fuzz: import into the model library', () => {
  for (const [format, fileName, encode] of [
    ['.bplab', 'fuzz.bplab', (m: SavedModel) => encodeModelFile(m)],
    ['JSON export', 'fuzz.json', (m: SavedModel) => new TextEncoder().encode(JSON.stringify(exportModelJson(m)))],
    ['ONNX', 'fuzz.onnx', (m: SavedModel) => encodeOnnx(m)],
  ] as const) {
    it(`${format}: 300 mutated files are imported whole or refused naming the file, the models folder untouched`, async () => {
      const seed = encode(padModel());
      // One model already in the library, which no refused import may touch.
      await library.import(`kept-${format.replace(/\W/g, '')}${fileName.slice(fileName.lastIndexOf('.'))}`, seed, '0.0.0-fuzz');
      const report = await fuzz({
        name: `library import ${format}`, seeds: [seed], unchanged: [userDir],
        json: format === 'JSON export' ? exportModelJson(padModel()) : undefined,
        read: async (bytes) => {
          const info = await library.import(fileName, bytes, '0.0.0-fuzz');
          await library.delete(info.id);
        },
        isOwnError, mentions: new RegExp(fileName.replace('.', '\\.')),
      });
      expect(failuresOf(report)).toEqual([]);
    });
  }
});
