/** The model library reads real model files: lists, classifies MNIST digits, exports, refuses bad ids. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PIXELS_PER_IMAGE } from '../../core/data/dataset.js';
import { decodeModelFile, importModelJson } from '../../core/io/index.js';
import { selectKernels } from '../../core/kernels/select.js';
import { loadMnist } from '../datasets/mnist.js';
import { ModelStore } from '../store/model-store.js';
import { ModelLibrary } from './model-library.js';

const bundledDir = resolve(import.meta.dirname, '..', '..', 'resources', 'models');
const userDir = mkdtempSync(join(tmpdir(), 'models-'));
const library = new ModelLibrary(new ModelStore(bundledDir, userDir), () => selectKernels('reference'));
afterAll(() => rmSync(userDir, { recursive: true, force: true }));

describe('ModelLibrary', () => {
  it('lists the bundled seed-mlp with the accuracy its manifest records', async () => {
    const seed = (await library.list()).find((m) => m.id === 'bundled:seed-mlp');
    expect(seed).toMatchObject({ source: 'bundled', name: 'seed-mlp' });
    expect(seed!.modelSpec.inputShape).toEqual([784]);
    expect(seed!.testAccuracy).toBeGreaterThan(0.97);
  });

  it('classifies the first 100 MNIST test digits (raw [0, 1] pixels) as their labels, up to a few', async () => {
    const model = await library.load('bundled:seed-mlp');
    const test = await loadMnist('test');
    let correct = 0;
    for (let i = 0; i < 100; i++) {
      const probabilities = model.classify(test.images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE));
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      const digit = probabilities.indexOf(Math.max(...probabilities));
      if (digit === test.labels[i]) correct += 1;
    }
    // A model with 97% test accuracy: fewer than 10 of 100 wrong is far above chance (10%) and below its own record.
    expect(correct).toBeGreaterThanOrEqual(90);
  });

  it('exports the native file byte for byte, and JSON that core/io reads back', async () => {
    const native = await library.export('bundled:seed-mlp', 'native');
    expect(native.fileName).toBe('seed-mlp.bplab');
    expect(Buffer.from(native.bytes).equals(readFileSync(join(bundledDir, 'seed-mlp.bplab')))).toBe(true);
    const json = await library.export('bundled:seed-mlp', 'json');
    const fromJson = importModelJson(new TextDecoder().decode(json.bytes));
    const fromNative = decodeModelFile(native.bytes);
    expect(Array.from(fromJson.weights['layers.0.weight']!.data)).toEqual(Array.from(fromNative.weights['layers.0.weight']!.data));
  });

  it('deletes user models but not bundled ones; refuses ids that could leave its folders', async () => {
    copyFileSync(join(bundledDir, 'seed-mlp.bplab'), join(userDir, 'mine.bplab'));
    expect((await library.list()).map((m) => m.id)).toContain('user:mine');
    await library.delete('user:mine');
    expect((await library.list()).map((m) => m.id)).not.toContain('user:mine');
    await expect(library.delete('bundled:seed-mlp')).rejects.toThrow(/ships with the app/);
    await expect(library.load('user:../../etc/passwd')).rejects.toThrow(/not a model id/);
    await expect(library.load('user:absent')).rejects.toThrow('no model with id "user:absent"');
  });

  it('leaves a corrupt file out of the list and says what is wrong when it is loaded', async () => {
    writeFileSync(join(userDir, 'broken.bplab'), 'not a model');
    expect((await library.list()).map((m) => m.id)).not.toContain('user:broken');
    await expect(library.load('user:broken')).rejects.toThrow(/broken\.bplab/);
  });
});
