import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importModelJson } from '../../core/io/json-export.js';
import { encodeModelFile, type SavedModel } from '../../core/io/model-file.js';
import { Tensor } from '../../core/tensor.js';
import { ModelStore } from './model-store.js';

function model(name: string, bias: number): SavedModel {
  return {
    modelSpec: { name, inputShape: [784], layers: [{ type: 'dense', units: 2 }], loss: 'softmax-cross-entropy' },
    trainSpec: null, preprocessing: null, metrics: { test: { loss: 0.1, accuracy: 0.99 } },
    provenance: { appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' },
    weights: { 'layers.0.weight': new Tensor([784, 2], new Float32Array(1568)), 'layers.0.bias': new Tensor([2], Float32Array.from([bias, -bias])) },
  };
}

let root: string;
let store: ModelStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bplab-models-'));
  await mkdir(join(root, 'bundled'));
  await writeFile(join(root, 'bundled', 'seed-mlp.bplab'), encodeModelFile(model('seed-mlp', 1)));
  store = new ModelStore(join(root, 'bundled'), join(root, 'user'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('ModelStore', () => {
  it('lists bundled then user models with their manifests, and reports unreadable files', async () => {
    await store.save('mine', model('my-net', 2));
    await writeFile(join(root, 'user', 'broken.bplab'), 'not a model');
    const entries = await store.list();
    expect(entries.map((e) => [e.id, e.name])).toEqual([['bundled:seed-mlp', 'seed-mlp'], ['user:broken', 'broken'], ['user:mine', 'my-net']]);
    expect(entries[0]!.manifest!.metrics!.test!.accuracy).toBe(0.99);
    expect(entries[1]!.manifest).toBeNull();
    expect(entries[1]!.error).toMatch(/not a Backprop Lab model file/);
  });

  it('saves under a unique name, loads it back and deletes it', async () => {
    const first = await store.save('run-1', model('a', 3));
    const second = await store.save('run-1', model('b', 4));
    expect([first.id, second.id]).toEqual(['user:run-1', 'user:run-1-2']);
    expect((await store.load('user:run-1-2')).weights['layers.0.bias']!.data[0]).toBe(4);
    await store.delete('user:run-1');
    expect((await readdir(join(root, 'user'))).sort()).toEqual(['run-1-2.bplab']);
  });

  it('refuses corrupt bytes before writing anything, and never deletes a bundled model', async () => {
    const bytes = encodeModelFile(model('x', 1));
    bytes[bytes.length - 20]! ^= 0xff;
    await expect(store.save('bad', bytes)).rejects.toThrow(/checksum mismatch/);
    expect(await readdir(join(root, 'user')).catch(() => [])).toEqual([]);
    await expect(store.delete('bundled:seed-mlp')).rejects.toThrow(/ships with the app/);
    await expect(store.load('user:nothing')).rejects.toThrow('no model with id "user:nothing"');
    expect(() => store.pathOf('user:../../etc/passwd')).toThrow(/not a model id/);
  });

  it('exports a native copy and a JSON export that imports to the same weights', async () => {
    await store.exportTo('bundled:seed-mlp', join(root, 'copy.bplab'));
    expect(new Uint8Array(await readFile(join(root, 'copy.bplab')))).toEqual(new Uint8Array(await readFile(join(root, 'bundled', 'seed-mlp.bplab'))));
    await store.exportTo('bundled:seed-mlp', join(root, 'seed.json'), 'json');
    const imported = importModelJson(await readFile(join(root, 'seed.json'), 'utf8'));
    expect(imported.weights['layers.0.bias']!.data).toEqual(Float32Array.from([1, -1]));
    const entry = await store.importFile(join(root, 'copy.bplab'));
    expect(entry.id).toBe('user:copy');
  });

  it('refuses by code, with the name or id as a parameter, so the app words it in its language', async () => {
    await expect(store.delete('bundled:seed-mlp')).rejects.toMatchObject({ code: 'library.bundled', params: { id: 'bundled:seed-mlp' } });
    await expect(store.delete('user:absent')).rejects.toMatchObject({ code: 'library.not-found', params: { id: 'user:absent' } });
    await expect(store.load('user:absent')).rejects.toMatchObject({ code: 'library.not-found', params: { id: 'user:absent' } });
    expect(() => store.pathOf('seed-mlp')).toThrow(expect.objectContaining({ code: 'library.bad-id', params: { id: 'seed-mlp' } }));
    await expect(store.save('../up', model('x', 1))).rejects.toMatchObject({ code: 'library.bad-name', params: { name: '../up' } });
    // The English text says the same as before, for the CLI and logs.
    await expect(store.save('../up', model('x', 1))).rejects.toThrow(`"../up" is not a usable model name (letters, digits, ".", "_", "-")`);
    expect(await readdir(join(root, 'user')).catch(() => [])).toEqual([]);
    expect(await readdir(join(root, 'bundled'))).toEqual(['seed-mlp.bplab']);
  });
});
