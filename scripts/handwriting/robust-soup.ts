/**
 * The robust cnn-best as a point on the line between the bundled model and its fine-tune on writer
 * variants (core/train/soup.ts: θ(α) = (1 − α)·θ_bundled + α·θ_fine-tuned, BatchNorm statistics measured
 * again for each α on a mix of training digits: originals, writer variants and pad-rendered digits, as in
 * the fine-tune). α is chosen on validation only: the 5,000 training digits neither model has seen
 * (robust-split.ts), as they are, as writer variants and as replayed on the pad. The chosen α is the one
 * that reads the variants and the pad best on average among those that read the plain digits at least as
 * well as the bundled model does; ties go to the plainer reading, then to the smaller α. The MNIST test set
 * and the other writers' proxy play no part: they measure the chosen model afterwards.
 */
import {
  applyPreprocessing, copyWeights, interpolateWeights, loadWeights, padSamples, recalibrateBatchNorm, Rng, subset,
  type Dataset,
} from '@backprop-lab/core';
import type { LoadedModelFile } from '../../main/cli/model-file.js';
import { PAD, PAD_PLACEMENTS } from './pad-replay.js';
import type { RobustSplit } from './robust-split.js';
import { accuracyOfModel, percent, writerSet } from './writers.js';

/** Coarse, to keep the search within minutes on two cores; WiSE-FT's best points lie inside (0, 1). */
export const ALPHAS = [0.35, 0.5, 0.65, 0.8, 1];
/** Training digits whose statistics BatchNorm takes: originals, and half as many writer variants and pad-rendered digits. */
const CALIBRATION_ORIGINALS = 1000;
const CALIBRATION_VARIANTS = 500;
const CALIBRATION_PAD = 500;
/** All 5,000 validation digits as they are (the bar is the bundled model's reading of them), fewer redrawn. */
const VARIANT_VALIDATION = 2500;
/** Validation digits replayed on the pad (all of them), each at a size and pen of the stroke test drawn by Rng(seed + 3). */
const PAD_VALIDATION = 5000;

export interface Candidate {
  /** null: the bundled model as it is, statistics untouched. */
  alpha: number | null;
  plain: number;
  variants: number;
  pad: number;
}

interface Sets {
  plain: { images: Float32Array; labels: Uint8Array };
  variants: { images: Float32Array; labels: Uint8Array };
  pad: { images: Float32Array; labels: Uint8Array };
}

/** The validation digits as they are, the first VARIANT_VALIDATION as writer variants (Rng(seed + 1)), the first PAD_VALIDATION on the pad. */
async function validationSets(train: Dataset, split: RobustSplit, seed: number): Promise<Sets> {
  const plain = subset(train, split.validation);
  const variants = await writerSet('train', seed + 1, split.validation.subarray(0, VARIANT_VALIDATION));
  const padSources = split.validation.subarray(0, Math.min(PAD_VALIDATION, plain.count));
  const pad = padSamples(train.images, train.labels, 28, padSources, new Rng(seed + 3), PAD, PAD_PLACEMENTS);
  return { plain, variants, pad };
}

/** Calibration images for BatchNorm, preprocessed as the model's input. */
async function calibrationImages(train: Dataset, split: RobustSplit, seed: number, loaded: LoadedModelFile): Promise<Float32Array> {
  const originals = subset(train, split.originals.subarray(0, CALIBRATION_ORIGINALS));
  const variants = await writerSet('train', seed + 2, split.variantSources.subarray(0, CALIBRATION_VARIANTS));
  const drawn = padSamples(train.images, train.labels, 28, split.padSources.subarray(0, CALIBRATION_PAD), new Rng(seed + 5), PAD, PAD_PLACEMENTS);
  const images = new Float32Array((CALIBRATION_ORIGINALS + CALIBRATION_VARIANTS + drawn.labels.length) * 784);
  images.set(originals.images);
  images.set(variants.images, originals.images.length);
  images.set(drawn.images, originals.images.length + variants.images.length);
  if (loaded.saved.preprocessing) applyPreprocessing(loaded.saved.preprocessing, images);
  return images;
}

function measure(loaded: LoadedModelFile, sets: Sets, alpha: number | null): Candidate {
  const read = (set: Sets['plain']) => accuracyOfModel(loaded, set.images, set.labels).overall;
  return { alpha, plain: read(sets.plain), variants: read(sets.variants), pad: read(sets.pad) };
}

export function chooseCandidate(candidates: readonly Candidate[]): Candidate | null {
  const bundled = candidates.find((c) => c.alpha === null)!;
  const eligible = candidates.filter((c) => c.alpha !== null && c.plain >= bundled.plain);
  const robustness = (c: Candidate) => (c.variants + c.pad) / 2;
  eligible.sort((a, b) => robustness(b) - robustness(a) || b.plain - a.plain || a.alpha! - b.alpha!);
  return eligible[0] ?? null;
}

export const describeCandidate = (c: Candidate) =>
  `${c.alpha === null ? 'bundled as is' : `α = ${c.alpha.toFixed(2)}`}`.padEnd(14) +
  `plain ${percent(c.plain)}  variants ${percent(c.variants)}  pad ${percent(c.pad)}`;

/**
 * Loads θ(α) for the chosen α into `tuned` (the fine-tuned model's file, whose model is changed in place)
 * and returns every candidate's validation figures and the chosen one (null: none reads the plain
 * validation digits as well as the bundled model, and `tuned` is left as it was).
 */
export async function soupOf(bundled: LoadedModelFile, tuned: LoadedModelFile, train: Dataset, split: RobustSplit, seed: number) {
  const sets = await validationSets(train, split, seed);
  const calibration = await calibrationImages(train, split, seed, bundled);
  const calibrationCount = calibration.length / 784;
  const from = copyWeights(bundled.model);
  const to = copyWeights(tuned.model);
  const candidates: Candidate[] = [measure(bundled, sets, null)];
  console.log(describeCandidate(candidates[0]!));
  for (const alpha of ALPHAS) {
    loadWeights(tuned.model, interpolateWeights(from, to, alpha));
    recalibrateBatchNorm(tuned.model, calibration, calibrationCount);
    candidates.push(measure(tuned, sets, alpha));
    console.log(describeCandidate(candidates.at(-1)!));
  }
  const chosen = chooseCandidate(candidates);
  if (chosen) {
    loadWeights(tuned.model, interpolateWeights(from, to, chosen.alpha!));
    recalibrateBatchNorm(tuned.model, calibration, calibrationCount);
  } else {
    loadWeights(tuned.model, to);
  }
  return { candidates, chosen };
}
