/**
 * Fuzz of the readers a user's dataset comes in through: `dataset import` of a CSV, an IDX pair and a
 * PNG folder; the handwriting set's zip import and its own samples.json; the dataset.json of an
 * imported dataset as a user may edit it. Each input ends in a dataset or a DataError naming the file,
 * and after a refusal the data folder is byte-identical to before (nothing half-imported).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, encodeCsv, encodeIdx, makeDataset } from '@backprop-lab/core';
import { userDatasetInfo } from '../../contract/index.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';
import { exportFiles, zipOf, readImportZip } from './handwriting-files.js';
import { HandwritingSet } from './handwriting-set.js';
import { UserDatasets } from './user-datasets.js';

let root: string;
let dataDir: string;
let sources: string;
const isDataError = (error: unknown) => error instanceof DataError;

function twoDigits() {
  const images = new Float32Array(2 * 784);
  for (let i = 200; i < 600; i += 3) images[i] = 1;
  return makeDataset(images, Uint8Array.of(7, 3));
}

const pixels = (seed: number) => new Uint8Array(784).map((_, i) => ((i * seed) % 7 === 0 ? 255 : 0));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'datasets-fuzz-'));
  dataDir = join(root, 'data');
  sources = join(root, 'sources');
  mkdirSync(sources);
  // A data folder that already holds a dataset and a handwriting set: neither may change on a refusal.
  writeFileSync(join(sources, 'kept.csv'), encodeCsv(twoDigits()));
  await new UserDatasets(dataDir).import('kept', { kind: 'csv', path: join(sources, 'kept.csv') });
  await new HandwritingSet(dataDir).addMany([{ label: 4, pixels: pixels(3), strokes: null }, { label: 9, pixels: pixels(5), strokes: null }]);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Imports the source as "fuzzed", then removes what a success added so the next input starts alike. */
async function importAndUndo(source: Parameters<UserDatasets['import']>[1]): Promise<void> {
  const datasets = new UserDatasets(dataDir);
  await datasets.import('fuzzed', source);
  await datasets.delete('fuzzed');
}

describe('fuzz: dataset import', () => {
  it('CSV: 300 mutated files are imported whole or refused naming the file, the data folder untouched', async () => {
    const path = join(sources, 'digits.csv');
    const report = await fuzz({
      name: 'dataset import CSV', seeds: [new TextEncoder().encode(encodeCsv(twoDigits()))], unchanged: [dataDir],
      read: async (bytes) => {
        writeFileSync(path, bytes);
        await importAndUndo({ kind: 'csv', path });
      },
      isOwnError: isDataError, coded: true, mentions: /digits\.csv/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('IDX pair: 300 mutated images files against good labels, the data folder untouched after each refusal', async () => {
    const idx = encodeIdx(twoDigits());
    const imagesPath = join(sources, 'my-images-idx3-ubyte');
    writeFileSync(join(sources, 'my-labels-idx1-ubyte'), idx.labels);
    const report = await fuzz({
      name: 'dataset import IDX', seeds: [idx.images], boundaries: [[4, 8, 12, 16, 16 + 784]], unchanged: [dataDir],
      read: async (bytes) => {
        writeFileSync(imagesPath, bytes);
        await importAndUndo({ kind: 'idx', imagesPath, labelsPath: join(sources, 'my-labels-idx1-ubyte') });
      },
      isOwnError: isDataError, coded: true, mentions: /my-(images|labels)-idx/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('PNG folder: one mutated PNG among good ones, refused naming that file, the data folder untouched', async () => {
    const folder = join(sources, 'pngs');
    mkdirSync(join(folder, '3'), { recursive: true });
    mkdirSync(join(folder, '8'), { recursive: true });
    writeFileSync(join(folder, '3', 'good.png'), encode({ width: 28, height: 28, data: pixels(3), channels: 1, depth: 8 }));
    const report = await fuzz({
      name: 'dataset import PNG folder', seeds: [encode({ width: 20, height: 24, data: pixels(5).subarray(0, 480), channels: 1, depth: 8 })], unchanged: [dataDir],
      read: async (bytes) => {
        writeFileSync(join(folder, '8', 'drawn.png'), bytes);
        await importAndUndo({ kind: 'png-folder', path: folder });
      },
      isOwnError: isDataError, coded: true, mentions: /drawn\.png/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('dataset.json as a user may edit it: the list holds only records the contract accepts, and nothing is rewritten', async () => {
    const path = join(dataDir, 'datasets', 'kept', 'dataset.json');
    const valid = (await new UserDatasets(dataDir).list()).find((info) => info.name === 'kept')!;
    const listed = z.array(userDatasetInfo);
    const report = await fuzz({
      name: 'dataset.json', seeds: [new TextEncoder().encode(JSON.stringify(valid))], json: valid,
      read: async (bytes) => {
        writeFileSync(path, bytes);
        // The Train form's client checks this result against the contract: a record it refuses would
        // take the whole list down, so one that does not fit must be left out here.
        listed.parse(await new UserDatasets(dataDir).list());
      },
      isOwnError: isDataError,
    });
    writeFileSync(path, JSON.stringify(valid));
    expect(failuresOf(report).filter((line) => !/no input was refused/.test(line))).toEqual([]);
  });
});

describe('fuzz: the handwriting set', () => {
  it('zip import: 300 mutated zips (IDX pair and PNG folders) end in digits or a DataError naming the zip', async () => {
    const samples = [4, 9, 1].map((label, i) => ({ id: `s${i}`, label, pixels: pixels(i + 2), strokes: null, createdAt: '2026-01-01T00:00:00.000Z' }));
    const report = await fuzz({
      name: 'handwriting zip', seeds: [zipOf(exportFiles(samples, 'idx')), zipOf(exportFiles(samples, 'png'))],
      read: (bytes) => readImportZip(bytes, 'upload.zip'), isOwnError: isDataError, coded: true, mentions: /upload\.zip/,
    });
    expect(failuresOf(report)).toEqual([]);
  });

  it('samples.json as a user may edit it: read or refused naming it, and the set on disk untouched', async () => {
    const set = new HandwritingSet(dataDir);
    const path = set.samplesPath;
    const original = new Uint8Array(await import('node:fs/promises').then((fs) => fs.readFile(path)));
    const report = await fuzz({
      name: 'handwriting samples.json', seeds: [original], json: JSON.parse(new TextDecoder().decode(original)),
      unchanged: [set.directory], inputPaths: [path],
      read: async (bytes) => {
        writeFileSync(path, bytes);
        await new HandwritingSet(dataDir).list();
      },
      isOwnError: isDataError, coded: true, mentions: /samples\.json/,
    });
    writeFileSync(path, original);
    expect(failuresOf(report)).toEqual([]);
  });
});
