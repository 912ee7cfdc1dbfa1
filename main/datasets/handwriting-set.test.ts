import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { z } from 'zod';
import { userDatasetInfo } from '../../contract/index.js';
import { parseIdxPair } from '@backprop-lab/core';
import { HandwritingSet } from './handwriting-set.js';
import { exportFiles, readImportPath, readImportZip, writeExportFolder, zipOf, IDX_IMAGES_NAME } from './handwriting-files.js';
import { UserDatasets } from './user-datasets.js';

const work = mkdtempSync(join(tmpdir(), 'backprop-lab-handwriting-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => join(work, `data-${folders++}`);

/** A 28×28 sample: ink 1 at pixel k, (label + 1)/11 at the next 20 pixels (so every sample is told apart). */
function sample(label: number, k: number): number[] {
  return Array.from({ length: 784 }, (_, j) => (j === k ? 1 : j > k && j <= k + 20 ? (label + 1) / 11 : 0));
}
const stroke = [{ width: 24, points: [{ x: 10, y: 20 }, { x: 30.5, y: 200 }] }];

describe('the personal handwriting set', () => {
  it('keeps label, pixels and strokes across a reopen, and is listed and loaded like any dataset', async () => {
    const dataDir = freshDir();
    const set = new HandwritingSet(dataDir);
    const a = await set.add({ label: 7, pixels: sample(7, 3), strokes: stroke });
    await set.add({ label: 2, pixels: sample(2, 5), strokes: null });
    const reopened = await new HandwritingSet(dataDir).list();
    expect(reopened.map((s) => [s.id, s.label, s.strokes])).toEqual([[a.id, 7, stroke], [reopened[1]!.id, 2, null]]);
    expect(reopened[0]!.pixels[3]).toBe(255);
    expect(reopened[0]!.pixels[4]).toBe(Math.round((255 * 8) / 11));
    expect(reopened[0]!.pixels[0]).toBe(0);
    const datasets = new UserDatasets(dataDir);
    expect((await datasets.list()).map((d) => [d.name, d.count, d.classCounts[7], d.classCounts[2]])).toEqual([['handwriting', 2, 1, 1]]);
    const loaded = await datasets.load('handwriting');
    expect(Array.from(loaded.labels)).toEqual([7, 2]);
    expect(loaded.images[3]).toBe(1);
  });

  it('relabels, deletes and restores (undo) a sample in its place', async () => {
    const set = new HandwritingSet(freshDir());
    const [first, second, third] = await set.addMany([0, 1, 2].map((label) => ({ label, pixels: sample(label, label), strokes: null })));
    await set.relabel(second!.id, 9);
    const removed = await set.delete(first!.id);
    expect((await set.list()).map((s) => s.label)).toEqual([9, 2]);
    await set.restore(removed);
    expect((await set.list()).map((s) => s.id)).toEqual([first!.id, second!.id, third!.id]);
    await expect(set.restore(removed)).rejects.toThrow(/already holds a sample/);
    await expect(set.relabel('nope', 3)).rejects.toThrow(/has no sample "nope"/);
    await expect(set.relabel(second!.id, 10)).rejects.toThrow(/label 10 is not a digit 0–9/);
  });

  it('adds all or nothing: one bad sample leaves the set as it was', async () => {
    const set = new HandwritingSet(freshDir());
    await set.add({ label: 1, pixels: sample(1, 0), strokes: null });
    await expect(set.addMany([{ label: 3, pixels: sample(3, 0), strokes: null }, { label: 4, pixels: [1, 2, 3], strokes: null }]))
      .rejects.toThrow(/sample 1 has 3 pixels; a digit has 28×28 = 784/);
    expect((await set.list()).map((s) => s.label)).toEqual([1]);
  });

  it('remakes the IDX pair when a crash left it older than samples.json', async () => {
    const dataDir = freshDir();
    const set = new HandwritingSet(dataDir);
    await set.add({ label: 4, pixels: sample(4, 1), strokes: null });
    const labelsPath = join(set.directory, 'labels.idx');
    const imagesPath = join(set.directory, 'images.idx');
    const stalePair = [readFileSync(imagesPath), readFileSync(labelsPath), readFileSync(join(set.directory, 'dataset.json'))] as const;
    await set.add({ label: 6, pixels: sample(6, 2), strokes: null });
    // Put back the pair of revision 1, as if the process died after writing samples.json of revision 2.
    writeFileSync(imagesPath, stalePair[0]);
    writeFileSync(labelsPath, stalePair[1]);
    writeFileSync(join(set.directory, 'dataset.json'), stalePair[2]);
    await new HandwritingSet(dataDir).list();
    expect(Array.from(parseIdxPair(readFileSync(imagesPath), imagesPath, readFileSync(labelsPath), labelsPath).labels)).toEqual([4, 6]);
  });

  it('refuses a damaged samples.json with its name and changes nothing', async () => {
    const set = new HandwritingSet(freshDir());
    await set.add({ label: 4, pixels: sample(4, 1), strokes: null });
    writeFileSync(set.samplesPath, '{"version": 1, "revision": 3, "samples": [{"id": "x", "label": 12, "pixels": ""}]}');
    const fresh = new HandwritingSet(join(set.directory, '..', '..'));
    await expect(fresh.list()).rejects.toThrow(/samples\.json: sample 0 is malformed/);
    await expect(fresh.add({ label: 1, pixels: sample(1, 1), strokes: null })).rejects.toThrow(/malformed/);
    expect(readFileSync(set.samplesPath, 'utf8')).toContain('"label": 12');
  });

  it('refuses a samples.json whose sample is null or whose strokes are not strokes, naming the sample', async () => {
    const set = new HandwritingSet(freshDir());
    await set.add({ label: 4, pixels: sample(4, 1), strokes: null });
    const pixels = Buffer.from(new Uint8Array(784)).toString('base64');
    writeFileSync(set.samplesPath, JSON.stringify({ version: 1, revision: 1, samples: [null] }));
    await expect(new HandwritingSet(join(set.directory, '..', '..')).list()).rejects.toThrow(/samples\.json: sample 0 is malformed/);
    writeFileSync(set.samplesPath, JSON.stringify({ version: 1, revision: 1, samples: [{ id: 'a', label: 4, pixels, strokes: 5, createdAt: 'today' }] }));
    await expect(new HandwritingSet(join(set.directory, '..', '..')).list()).rejects.toThrow(/samples\.json: sample 0 is malformed .*strokes/);
  });

  it('is listed among the datasets in the contract\'s own record, and an edited dataset.json is left out', async () => {
    const dataDir = freshDir();
    await new HandwritingSet(dataDir).add({ label: 4, pixels: sample(4, 1), strokes: null });
    const listed = await new UserDatasets(dataDir).list();
    expect(z.array(userDatasetInfo).parse(listed).map((d) => [d.name, d.source, d.count])).toEqual([['handwriting', 'handwriting', 1]]);
    writeFileSync(join(dataDir, 'datasets', 'handwriting', 'dataset.json'), JSON.stringify({ ...listed[0], count: 'many' }));
    expect(await new UserDatasets(dataDir).list()).toEqual([]);
  });
});

describe('export and import', () => {
  async function filledSet() {
    const set = new HandwritingSet(freshDir());
    await set.addMany([3, 1, 4, 1, 5].map((label, i) => ({ label, pixels: sample(label, 100 + i), strokes: null })));
    return set;
  }

  for (const format of ['idx', 'png'] as const) {
    it(`round-trips through a ${format} folder and a ${format} zip: same labels and pixels`, async () => {
      const set = await filledSet();
      const samples = await set.list();
      const folder = join(work, `export-${format}-${folders++}`);
      await writeExportFolder(folder, exportFiles(samples, format));
      const fromFolder = await readImportPath(format === 'idx' ? join(folder, IDX_IMAGES_NAME) : folder);
      const fromZip = readImportZip(zipOf(exportFiles(samples, format)));
      // PNG folders are read in file-name order within each class folder: compare as (label, pixels) multisets.
      const key = (labels: ArrayLike<number>, images: Float32Array) =>
        Array.from(labels, (label, i) => `${label}:${Array.from(images.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)).join(',')}`).sort();
      const expected = samples.map((s) => `${s.label}:${Array.from(s.pixels).join(',')}`).sort();
      expect(key(fromFolder.labels, fromFolder.images)).toEqual(expected);
      expect(key(fromZip.labels, fromZip.images)).toEqual(expected);
      await expect(writeExportFolder(folder, [])).rejects.toThrow(/already exists/);
    });
  }

  it('rejects bad imports by name, leaving no half-written export behind', async () => {
    expect(() => readImportZip(new Uint8Array([1, 2, 3]), 'junk.zip')).toThrow(/junk\.zip: is not a readable zip/);
    expect(() => readImportZip(zipSync({ [IDX_IMAGES_NAME]: new Uint8Array(16) }), 'half.zip')).toThrow(/half\.zip: holds handwriting-images-idx3-ubyte but not its labels file/);
    expect(() => readImportZip(zipSync({ 'x/a.png': new Uint8Array(4) }), 'odd.zip')).toThrow(/x\/a\.png is not in a class folder 0–9/);
    await expect(readImportPath(join(work, 'absent'))).rejects.toThrow(/absent: no such file or folder/);
    // 9 MiB of zeros deflate to about 9 kB: over the 64:1 a real dataset's files reach, refused before inflating.
    const bomb = zipSync({ [IDX_IMAGES_NAME]: new Uint8Array(9 * 2 ** 20) }, { level: 9 });
    expect(bomb.length).toBeLessThan(9 * 2 ** 20 / 64);
    expect(() => readImportZip(bomb, 'bomb.zip')).toThrow(/^bomb\.zip: would inflate to 9437184 bytes or more .* from \d+: more than a dataset's files hold/);
    const parent = join(work, `bad-export-${folders++}`);
    const folder = join(parent, 'out');
    // 'a' is a file, so 'a/b' cannot be written: the export fails half-way.
    await expect(writeExportFolder(folder, [{ name: 'a', bytes: new Uint8Array(1) }, { name: 'a/b', bytes: new Uint8Array(1) }])).rejects.toThrow();
    expect(existsSync(parent) ? readdirSync(parent) : []).toEqual([]);
  });
});
