/** The datasets a DatasetReference names, loaded through main/datasets. */
import { holdOutPerClass, mixWithMnist, subset, type Dataset, type TrainData } from '@backprop-lab/core';
import { HandwritingSet } from '../datasets/handwriting-set.js';
import { loadMnist } from '../datasets/mnist.js';
import { UserDatasets } from '../datasets/user-datasets.js';
import type { DatasetReference, HandwritingReference } from './description.js';

/** The first `limit` samples (all when undefined). */
export function firstSamples(data: Dataset, limit: number | undefined): Dataset {
  if (limit === undefined || limit >= data.count) return data;
  return subset(data, Uint32Array.from({ length: limit }, (_, i) => i));
}

/** A handwriting run's training mix: the personal digits it trains on and the MNIST digits mixed in. */
export interface HandwritingCounts {
  own: number;
  mnist: number;
}

/** `counts`: a handwriting run's mix (its provenance words it). */
export async function loadRunData(reference: DatasetReference, dataDir: string): Promise<TrainData & { counts?: HandwritingCounts }> {
  if (reference.source === 'mnist') {
    const [train, test] = await Promise.all([loadMnist('train'), loadMnist('test')]);
    return { train: firstSamples(train, reference.trainLimit), test: firstSamples(test, reference.testLimit) };
  }
  if (reference.source === 'handwriting') {
    const { train, test, counts } = await handwritingRunData(reference, dataDir);
    return { train, test, counts };
  }
  if (reference.source === 'experiment') {
    throw new Error(`this run is network "${reference.network}" of the ${reference.experiment} experiment, trained on data the experiment made (${reference.trainCount} training images); that data is not stored, so run the experiment again instead`);
  }
  return { train: firstSamples(await new UserDatasets(dataDir).load(reference.name), reference.trainLimit) };
}

/**
 * A handwriting fine-tune's data: the training mix, MNIST's test set, and the held-out personal digits
 * with their sample ids (what "before" and "after" are measured on). One function, so the run and the
 * figures beside it split the set the same way.
 */
export async function handwritingRunData(reference: HandwritingReference, dataDir: string): Promise<TrainData & {
  test: Dataset; heldOut: Dataset; heldOutIds: string[]; counts: HandwritingCounts;
}> {
  const { data, ids } = await new HandwritingSet(dataDir).dataset();
  const { trainIndices, heldOutIndices } = holdOutPerClass(data.labels, reference.heldOutShare, reference.seed);
  const [mnistTrain, test] = await Promise.all([loadMnist('train'), loadMnist('test')]);
  const train = mixWithMnist(subset(data, trainIndices), mnistTrain, reference.mnistShare, reference.seed);
  return {
    train,
    counts: { own: trainIndices.length, mnist: train.count - trainIndices.length },
    test,
    heldOut: subset(data, heldOutIndices),
    heldOutIds: Array.from(heldOutIndices, (i) => ids[i]!),
  };
}
