/**
 * The data the CLI reads, through main/datasets: MNIST's training or test part (its first N images for
 * quick trials), or a user's data for `eval --data`: a folder of PNGs with one subfolder per class, a
 * Kaggle-layout CSV, or an IDX images file with its labels file beside it.
 */
import { stat } from 'node:fs/promises';
import { subset, type Dataset } from '@backprop-lab/core';
import { DataError } from '@backprop-lab/core';
import { datasetSourceAt, loadMnist, readDatasetSource } from '../datasets/index.js';

export type MnistPart = 'train' | 'test';

/** MNIST's part, or its first `limit` images; the full parts are shared, so callers must not modify them. */
export async function loadMnistPart(part: MnistPart, limit?: number): Promise<Dataset> {
  return limitDataset(await loadMnist(part), limit);
}

/** The first `limit` samples (all when undefined). */
export function limitDataset(data: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= data.count) return data;
  return subset(data, Uint32Array.from({ length: limit }, (_, i) => i));
}

/** `mnist-test`, `mnist-train`, a PNG folder, a CSV, or an IDX images file (labels beside it). */
export async function loadDataArgument(argument: string, limit?: number): Promise<Dataset> {
  if (argument === 'mnist-test' || argument === 'mnist-train') return loadMnistPart(argument === 'mnist-test' ? 'test' : 'train', limit);
  const info = await stat(argument).catch(() => null);
  if (!info) throw DataError.of('source.no-such-path', { file: argument });
  return limitDataset(await readDatasetSource(datasetSourceAt(argument, info.isDirectory())), limit);
}
