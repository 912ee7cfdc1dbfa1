/**
 * What a run from a library model records of its origin, the model file's provenance.fineTunedFrom
 * (core/io/fine-tuned-from.ts). Its start is read once, from the start model's own manifest, when the run
 * is created, and kept in run.json (`fineTuneStart`): a resumed run records the start an unbroken one
 * would, even when that model was deleted or replaced meanwhile. The rest is the run's own: its data in
 * words, the samples each epoch trained on (its data less the validation share, as core/train/pipeline.ts
 * splits it), the epochs done and its training time.
 */
import { fineTuneStartOf, splitCounts, type DoneEvent, type FineTunedFrom, type FineTuneStart, type Manifest, type TrainData, type TrainSpec } from '@backprop-lab/core';
import type { DatasetReference } from './description.js';
import type { HandwritingCounts } from './run-data.js';

/**
 * The start as the model `modelId`'s manifest records it; its id stands in for a name its spec lacks.
 * None for a model with no recorded test accuracy (one trained on a dataset without a test set), or one
 * that breaks the record's rules: the record exists to compare the fine-tune with its start.
 */
export function fineTuneStartFor(modelId: string, manifest: Manifest): FineTuneStart | undefined {
  if (manifest.metrics?.test === undefined) return undefined;
  try {
    return fineTuneStartOf(manifest, manifest.modelSpec.name ?? modelId);
  } catch {
    // A test accuracy outside 0–1 (or a name past the string limit) cannot be recorded: no record.
    return undefined;
  }
}

/** A finished run's origin: `start` as run.json keeps it, and what the run trained on and for how long. */
export function fineTunedFromOf(
  start: FineTuneStart, dataset: DatasetReference, data: TrainData & { counts?: HandwritingCounts }, trainSpec: Pick<TrainSpec, 'validationSplit'>, done: DoneEvent,
): FineTunedFrom {
  return {
    start,
    data: dataWords(dataset, data.train.count, data.counts),
    samples: splitCounts(data.train.count, trainSpec.validationSplit).train,
    epochs: done.epochs,
    trainingTimeMs: done.elapsedMs,
  };
}

/**
 * A run's training data in English words, the Runs view's names for each source with their counts
 * (stored text, as the robust scripts word theirs: "55000 MNIST training digits").
 */
export function dataWords(dataset: DatasetReference, trainCount: number, counts?: HandwritingCounts): string {
  switch (dataset.source) {
    case 'mnist':
      return `${trainCount} MNIST training digits`;
    case 'handwriting':
      return counts
        ? `${counts.own} digits of the personal handwriting set and ${counts.mnist} MNIST training digits`
        : `${trainCount} digits of the personal handwriting set and MNIST`;
    case 'user':
      return `${trainCount} images of the imported dataset “${dataset.name}”`;
    case 'experiment':
      return `${trainCount} training images of network “${dataset.network}” of the ${dataset.experiment} experiment`;
  }
}
