/**
 * The pad's honest stroke test: MNIST test digits traced into strokes (core/data/trace.ts) and replayed
 * as if drawn on the pad at several sizes and pen widths, through the pad's recipe, against the same
 * models on the original images. Also prints the old recipe (the pen fixed in pad units, rasterised at
 * pad resolution, then digitised) so the difference is measured, and the mean ink that calibrates
 * DIGIT_PEN_WIDTH.
 *
 * Each pad line also counts, per model, the digits it reads right as images but not on the pad (lost)
 * and the other way round (gained): what the pad costs against the same digits. The tracing's own share
 * of that is the line "traced, redrawn in place": the traced strokes drawn back at their own widths
 * where they were (no pad, no recipe), with their overlap with the originals (IoU of the pixels with
 * ink ≥ ½, a measure that needs no model). Under each pad line, the pad's share right among the digits
 * a model reads right redrawn in place: the pad against the same strokes as images, without the tracer.
 *
 * `--split train` replays training digits that neither cnn-best nor its fine-tune has seen instead
 * (stroke-test-digits.ts, at most 5,000): a change to the recipe is chosen there, not on the test digits.
 *
 *   nice -n 10 npx tsx scripts/handwriting/stroke-test.ts [--count 1000 (10000: all)] [--split test|train]
 *     [--recipes old,new] [--models seed-mlp,lenet5,cnn-best,path/to/model.bplab]
 */
import { join } from 'node:path';
import {
  digitize, inkVerdict, rasteriseStrokes, selectKernels, strokesToDigit, strokesVerdict, totalInk, traceStrokes,
  argmaxRow, type Stroke,
} from '@backprop-lab/core';
import { loadMnist } from '../../main/datasets/mnist.js';
import { loadModelFile } from '../../main/cli/model-file.js';
import { onPad, PAD, PAD_PENS, PAD_SIZES } from './pad-replay.js';
import { choiceFlag, choicesFlag, numberFlag, numbersFlag, textFlag } from './flags.js';
import { outputsOf } from './writers.js';
import { STROKE_TEST_SPLITS, strokeTestSources } from './stroke-test-digits.js';

const SIZES = process.argv.includes('--quick') ? [] : PAD_SIZES;
const PENS = PAD_PENS;
const MODELS = textFlag('models', 'seed-mlp,lenet5,cnn-best').split(',');
const RECIPE_NAMES = ['old', 'new'] as const;
const chosenRecipes = choicesFlag('recipes', RECIPE_NAMES);
const RECIPES: readonly string[] = chosenRecipes.length > 0 ? chosenRecipes : RECIPE_NAMES;
const shown = (accuracies: number[]) => accuracies.map((a) => `${(100 * a).toFixed(2)}%`).join('  ');

const count = numberFlag('count', 1000, 1, 10000, true);
const penWidths = numbersFlag('pens', [], 0.5, 10);
const split = choiceFlag('split', STROKE_TEST_SPLITS, 'test');

const digits = await loadMnist(split);
let sources: Uint32Array;
try {
  sources = strokeTestSources(split, count, digits.count);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const kernels = await selectKernels('auto');
/** A bundled model by name, or any model file by its path. */
const models = MODELS.map((name) => ({ name, ...loadModelFile(name.endsWith('.bplab') ? name : join('resources/models', `${name}.bplab`), kernels) }));

/** Per model, which of `inputs` it reads as `labels` (1) and which not (0). */
function readings(inputs: Float32Array[], labels: number[]): Uint8Array[] {
  return models.map((loaded) => {
    const out = outputsOf(loaded, inputs);
    return Uint8Array.from(labels, (label, i) => (argmaxRow(out, i, 10) === label ? 1 : 0));
  });
}

const share = (right: Uint8Array) => right.reduce((sum, r) => sum + r, 0) / right.length;
/** Each model's share of `inputs` read as `labels`. */
const accuracyOn = (inputs: Float32Array[], labels: number[]) => readings(inputs, labels).map(share);
/** Per model, digits read right as images but wrong here ("lost") and the other way round ("gained"). */
function againstImages(here: Uint8Array[], images: Uint8Array[]): string {
  const count = (m: number, a: number, b: number) => here[m]!.reduce((sum, r, i) => sum + (images[m]![i] === a && r === b ? 1 : 0), 0);
  return `lost ${models.map((_, m) => count(m, 1, 0)).join('/')}, gained ${models.map((_, m) => count(m, 0, 1)).join('/')}`;
}

const originals: Float32Array[] = [];
const labels: number[] = [];
const traces: Stroke[][] = [];
let originalInk = 0;
for (const i of sources) {
  const image = digits.images.subarray(i * 784, (i + 1) * 784);
  originals.push(Float32Array.from(image));
  labels.push(digits.labels[i]!);
  traces.push(traceStrokes(image, 28, 28));
  originalInk += totalInk(image);
}
const which = split === 'test' ? `MNIST test, ${count === digits.count ? 'all' : 'first'} ${count} digits` : `MNIST train, ${count} of the digits cnn-best and its fine-tune never saw`;
console.log(`${which}; models ${MODELS.join(', ')}`);
const onImages = readings(originals, labels);
console.log(`original images: ${shown(onImages.map(share))}   (mean ink ${(originalInk / count).toFixed(1)})`);

/**
 * Per model, its share right in `here` among the digits it reads right in `reference`: the issue's
 * measure of the pad (the same strokes as images all read right, then replayed on the pad), with the
 * redrawn traced strokes as those images, so the tracer's own loss is left out.
 */
function whereRight(here: Uint8Array[], reference: Uint8Array[]): number[] {
  return here.map((right, m) => {
    let kept = 0;
    let both = 0;
    right.forEach((r, i) => {
      if (reference[m]![i] === 1) {
        kept++;
        both += r;
      }
    });
    return kept === 0 ? 0 : both / kept;
  });
}

/** Intersection over union of the pixels with ink ≥ ½. */
function overlap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! >= 0.5 && b[i]! >= 0.5) both++;
    if (a[i]! >= 0.5 || b[i]! >= 0.5) either++;
  }
  return either === 0 ? 1 : both / either;
}
const redrawn = traces.map((strokes) => rasteriseStrokes(strokes, 28));
const meanOverlap = redrawn.reduce((sum, image, i) => sum + overlap(originals[i]!, image), 0) / count;
const onRedrawn = readings(redrawn, labels);
console.log(`traced, redrawn in place at its own widths (the tracing alone): ${shown(onRedrawn.map(share))}   (IoU with the originals ${meanOverlap.toFixed(3)}); against the images ${againstImages(onRedrawn, onImages)}`);

for (const penWidth of penWidths) {
  const inputs = traces.map((strokes) => strokesToDigit(strokes, penWidth));
  const ink = inputs.reduce((sum, input) => sum + totalInk(input), 0);
  console.log(`pen ${penWidth} px: ${shown(accuracyOn(inputs, labels))}   (mean ink ${(ink / count).toFixed(1)})`);
}

for (const recipe of RECIPES) {
  const padMeans: number[][] = MODELS.map(() => []);
  for (const size of SIZES) {
    for (const pen of PENS) {
      let ink = 0;
      let refused = 0;
      const inputs = traces.map((strokes) => {
        const drawn = onPad(strokes, size, pen);
        const input = recipe === 'new' ? strokesToDigit(drawn) : digitize(rasteriseStrokes(drawn, PAD), PAD, PAD);
        ink += totalInk(input);
        if (recipe === 'new' && (strokesVerdict(drawn) !== 'digit' || inkVerdict(input) !== 'digit')) refused++;
        return input;
      });
      const refusal = recipe === 'new' ? `  refused ${refused}` : '';
      const right = readings(inputs, labels);
      const accuracies = right.map(share);
      accuracies.forEach((a, m) => padMeans[m]!.push(a));
      console.log(`${recipe} recipe, size ${size}, pen ${pen}: ${shown(accuracies)}   (mean ink ${(ink / count).toFixed(1)})${refusal}; against the images ${againstImages(right, onImages)}`);
      console.log(`  on the digits whose strokes each model reads right redrawn in place: ${shown(whereRight(right, onRedrawn))}; against the redrawn ${againstImages(right, onRedrawn)}`);
    }
  }
  if (SIZES.length > 0) console.log(`${recipe} recipe, mean of the ${padMeans[0]!.length} sizes and pens: ${shown(padMeans.map((list) => list.reduce((a, b) => a + b, 0) / list.length))}`);
}
