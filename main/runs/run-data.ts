/** The datasets a DatasetReference names, loaded through main/datasets. */
import { subset, type Dataset, type TrainData } from '@backprop-lab/core';
import { loadMnist } from '../datasets/mnist.js';
import { UserDatasets } from '../datasets/user-datasets.js';
import type { DatasetReference } from './description.js';

/** The first `limit` samples (all when undefined). */
export function firstSamples(data: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= data.count) return data;
  return subset(data, Uint32Array.from({ length: limit }, (_, i) => i));
}

export async function loadRunData(reference: DatasetReference, dataDir: string): Promise<TrainData> {
  if (reference.source === 'mnist') {
    const [train, test] = await Promise.all([loadMnist('train'), loadMnist('test')]);
    return { train: firstSamples(train, reference.trainLimit), test: firstSamples(test, reference.testLimit) };
  }
  return { train: firstSamples(await new UserDatasets(dataDir).load(reference.name), reference.trainLimit) };
}
