/**
 * Test support: the first images of MNIST's real IDX files, as IDX files of their own in a temporary
 * folder the engine reads MNIST from (main/datasets' useMnistDirectory, as the packaged app points it at
 * its resources). Evaluating a model on 10,000 test digits, or mixing 60,000 training images into a
 * fine-tune, takes seconds per test; the views only show what the engine measured, on whatever set.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { mnistDirectory, useMnistDirectory } from '../../main/datasets/mnist.js';

/** How many images of each part the engine sees in the renderer's tests. */
export const MNIST_SUBSET = { train: 2000, test: 1000 } as const;

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

/** The first `count` records of an IDX file: its header with the count replaced, then the records. */
async function firstRecords(path: string, headerBytes: number, recordBytes: number, count: number): Promise<Uint8Array> {
  const file = await open(path, 'r');
  try {
    const bytes = new Uint8Array(headerBytes + count * recordBytes);
    await file.read(bytes, 0, bytes.length, 0);
    // The item count is the big-endian word after the magic number.
    new DataView(bytes.buffer).setUint32(4, count);
    return bytes;
  } finally {
    await file.close();
  }
}

let folder: Promise<string> | undefined;
afterAll(async () => {
  if (!folder) return;
  const dir = await folder;
  folder = undefined;
  useMnistDirectory(undefined);
  await rm(dir, { recursive: true, force: true });
});

/** Points the engine of this test file at the subset (written once per file, removed after its tests). */
export function useMnistSubset(): Promise<string> {
  folder ??= (async () => {
    const source = mnistDirectory();
    const dir = await mkdtemp(join(tmpdir(), 'backprop-lab-mnist-'));
    for (const part of ['train', 'test'] as const) {
      const count = MNIST_SUBSET[part];
      await writeFile(join(dir, FILES[part].images), await firstRecords(join(source, FILES[part].images), 16, 28 * 28, count));
      await writeFile(join(dir, FILES[part].labels), await firstRecords(join(source, FILES[part].labels), 8, 1, count));
    }
    useMnistDirectory(dir);
    return dir;
  })();
  return folder;
}
