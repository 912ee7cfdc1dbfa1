/** The datasets the Train form offers. MNIST's training set: its test set's 10,000 images are never trained on. */
import type { DatasetReference, UserDatasetInfo } from '../../../contract/index.js';

export const MNIST_TRAIN_IMAGES = 60_000;

/**
 * How many images a run on `dataset` has before its validation split: its training limit, or all of the
 * dataset (an imported one's size from the engine's list); null where the form cannot know it (the
 * handwriting set, an imported dataset no longer listed).
 */
export function imagesOf(dataset: DatasetReference, userDatasets: readonly UserDatasetInfo[]): number | null {
  if (dataset.source === 'experiment') return dataset.trainCount;
  if (dataset.source === 'handwriting') return null;
  const total = dataset.source === 'mnist' ? MNIST_TRAIN_IMAGES : userDatasets.find((info) => info.name === dataset.name)?.count;
  if (total === undefined) return null;
  return Math.min(dataset.trainLimit ?? total, total);
}
