/**
 * What a robust cnn-best records of its origin (provenance.fineTunedFrom, core/io/fine-tuned-from.ts):
 * the start model as its file says, the fine-tune's data in the words of the notes, and the samples each
 * epoch trained on, which are that data less the validation share the run held out (its trainSpec's
 * validationSplit and seed, as core/train/pipeline.ts splits it). Shared by robust-cnn-best.ts, which
 * records it with every fine-tune it writes, and record-cnn-best-origin.ts, which recorded it in the
 * file installed before the field existed.
 */
import { fineTuneStartOf, runSplit, type FineTunedFrom, type FineTuneStart, type StartManifest, type TrainSpec } from '@backprop-lab/core';

/** The fine-tune's data: MNIST training digits as they are, writer variants of some, some drawn on the pad. */
export interface RobustData {
  originals: number;
  variants: number;
  pad: number;
}

/** The data in words, as the notes and the README give it. */
export function robustDataWords({ originals, variants, pad }: RobustData): string {
  return `${originals} MNIST training digits, ${variants} writer variants and ${pad} pad-rendered training digits`;
}

/**
 * The origin of a fine-tune of `start` (the start model's manifest, or the start a fine-tune's own file
 * already records) on `data` with `trainSpec`, trained for `epochs` in `trainingTimeMs` where measured.
 */
export function robustFineTunedFrom(
  start: StartManifest | FineTuneStart, data: RobustData, trainSpec: Pick<TrainSpec, 'validationSplit' | 'seed'>, epochs: number, trainingTimeMs?: number,
): FineTunedFrom {
  const samples = runSplit(data.originals + data.variants + data.pad, trainSpec.validationSplit, trainSpec.seed).trainIndices.length;
  const recorded = 'checksum' in start ? fineTuneStartOf(start) : start;
  return { start: recorded, data: robustDataWords(data), samples, epochs, ...(trainingTimeMs === undefined ? {} : { trainingTimeMs }) };
}
