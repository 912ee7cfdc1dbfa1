/** `dataset import|list|delete`, and `train --dataset` on what was imported. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCsv, makeDataset, type Dataset } from '@backprop-lab/core';
import { cli } from './run-cli.testing.js';

let dataDir: string;
beforeEach(async () => { dataDir = await mkdtemp(join(tmpdir(), 'backprop-lab-dataset-cli-')); });
afterEach(async () => { await rm(dataDir, { recursive: true, force: true }); });

/** 40 images, labels 0…9 four times over except class 9 replaced by 3: counts 4 of each, 8 threes, no nines. */
function digits(): Dataset {
  const count = 40;
  const labels = Uint8Array.from({ length: count }, (_, i) => (i % 10 === 9 ? 3 : i % 10));
  const images = new Float32Array(count * 784);
  for (let i = 0; i < count; i++) for (let p = 0; p < 784; p++) images[i * 784 + p] = ((p + labels[i]! * 31) % 97) < 20 ? 1 : 0;
  return makeDataset(images, labels);
}

describe('dataset', () => {
  it('imports a CSV, lists it with its counts, trains on it, and deletes it', async () => {
    const csv = join(dataDir, 'mine.csv');
    await writeFile(csv, encodeCsv(digits()));

    const imported = await cli('dataset', 'import', csv, '--name', 'mine', '--data-dir', dataDir);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('40 images, per class 4 4 4 8 4 4 4 4 4 0');

    const listed = await cli('dataset', 'list', '--json', '--data-dir', dataDir);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: 'mine', source: 'csv', count: 40, classCounts: [4, 4, 4, 8, 4, 4, 4, 4, 4, 0] }]);

    const trained = await cli('train', '--preset', 'seed-mlp', '--epochs', '1', '--batch', '10', '--provider', 'js', '--dataset', 'mine', '--data-dir', dataDir, '--json');
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const [runId] = readdirSync(join(dataDir, 'runs'));
    const run = JSON.parse(readFileSync(join(dataDir, 'runs', runId!, 'run.json'), 'utf8'));
    expect(run.dataset).toEqual({ source: 'user', name: 'mine' });
    expect(run.status).toBe('completed');

    expect((await cli('dataset', 'delete', 'mine', '--data-dir', dataDir)).code).toBe(0);
    expect(existsSync(join(dataDir, 'datasets', 'mine'))).toBe(false);
    expect((await cli('dataset', 'list', '--data-dir', dataDir)).stdout).toBe('no imported datasets\n');
  });

  it('refuses a CSV that does not read, names the file, and adds nothing', async () => {
    const csv = join(dataDir, 'bad.csv');
    await writeFile(csv, 'label,pixel0\n3,12\n');
    const result = await cli('dataset', 'import', csv, '--name', 'bad', '--data-dir', dataDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.csv');
    expect(JSON.parse((await cli('dataset', 'list', '--json', '--data-dir', dataDir)).stdout)).toEqual([]);
  });

  it('asks for a name and an action with the usage text', async () => {
    const noName = await cli('dataset', 'import', join(dataDir, 'x.csv'), '--data-dir', dataDir);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toContain('--name NAME is required');
    const noAction = await cli('dataset', '--data-dir', dataDir);
    expect(noAction.code).toBe(2);
    expect(noAction.stderr).toContain('import, list, delete');
  });
});
