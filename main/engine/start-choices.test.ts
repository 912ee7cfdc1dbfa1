/**
 * What the Train form may start a run with, as the engine answers it: the imported datasets, and the
 * library models whose weights fit a network; a model the picker refuses is refused by runs.start with
 * the same code, before any run exists.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCsv, getPreset, type Dataset, type LayerSpec } from '@backprop-lab/core';
import { UserDatasets } from '../datasets/user-datasets.js';
import { recordingEngine } from './recording-engine.testing.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-start-choices-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** 25 images: label n mod 5 (so classes 0–4 hold 5 each, 5–9 none). */
function fives(): Dataset {
  const count = 25;
  const images = new Float32Array(count * 784);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = n % 5;
    images[n * 784 + n] = 1;
  }
  return { images, labels, count, shape: [1, 28, 28], classes: 10 };
}

describe('datasets.list', () => {
  it('is empty before any import, then names each imported dataset with its size and samples per class', async () => {
    const { service } = await recordingEngine(dataDir);
    expect(await service.call('datasets.list', {})).toEqual([]);
    await writeFile(join(dataDir, 'fives.csv'), encodeCsv(fives()));
    await new UserDatasets(dataDir).import('fives', { kind: 'csv', path: join(dataDir, 'fives.csv') });
    expect(await service.call('datasets.list', {})).toEqual([expect.objectContaining({
      name: 'fives', source: 'csv', count: 25, classCounts: [5, 5, 5, 5, 5, 0, 0, 0, 0, 0],
    })]);
  });
});

describe('models.fitting', () => {
  it("offers the bundled seed-mlp for the seed-mlp network and refuses lenet5 and cnn-best, naming a tensor", async () => {
    const { service } = await recordingEngine(dataDir);
    const fits = await service.call('models.fitting', { modelSpec: getPreset('seed-mlp').modelSpec });
    const byId = Object.fromEntries(fits.map((fit) => [fit.modelId, fit.problem]));
    expect(Object.keys(byId).sort()).toEqual(['bundled:cnn-best', 'bundled:lenet5', 'bundled:seed-mlp']);
    expect(byId['bundled:seed-mlp']).toBeUndefined();
    for (const other of ['bundled:lenet5', 'bundled:cnn-best']) {
      expect(byId[other]?.code, other).toMatch(/^run\.start-tensor-(missing|shape|extra)$/);
      expect(byId[other]?.params).toMatchObject({ modelId: other });
    }
  });

  it('refuses seed-mlp for a first layer of 32 units with the shapes, and runs.start refuses it the same way, leaving no run', async () => {
    const { service } = await recordingEngine(dataDir);
    const modelSpec = structuredClone(getPreset('seed-mlp').modelSpec);
    modelSpec.layers[0] = { ...modelSpec.layers[0], units: 32 } as LayerSpec;
    // Dense weights are [inputs, units]: the file holds 784×64, the edited network needs 784×32.
    const expected = { code: 'run.start-tensor-shape', params: { modelId: 'bundled:seed-mlp', tensor: 'layers.0.weight', savedShape: '[784, 64]', shape: '[784, 32]' } };
    const fits = await service.call('models.fitting', { modelSpec });
    expect(fits.find((fit) => fit.modelId === 'bundled:seed-mlp')?.problem).toMatchObject(expected);

    const answer = await service.handleMessage({
      id: 3, method: 'runs.start',
      params: { preset: 'seed-mlp', modelSpec, dataset: { source: 'mnist', trainLimit: 100 }, start: { from: 'model', modelId: 'bundled:seed-mlp' } },
    });
    expect(answer).toMatchObject({ id: 3, error: expected });
    expect(await service.call('runs.list', {})).toEqual([]);
    expect(existsSync(join(dataDir, 'runs')) ? readdirSync(join(dataDir, 'runs')) : []).toEqual([]);
  });
});
