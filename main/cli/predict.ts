/**
 * `predict`: class and probabilities for each PNG image. Any size or colour is made a 28×28 digit by the
 * MNIST recipe (core/data/png.ts: ink from luminance, crop, scale to 20 px, centre of mass at the
 * centre), then the model's own preprocessing. An image that holds no digit (blank, a speck, a blob:
 * core/data/ink-check.ts) is not classified: it gets "no digit (why); draw a digit". An image that
 * cannot be read (missing, not a PNG) is named on stderr and the others are still classified; the exit
 * status is then 1.
 */
import { readFileSync } from 'node:fs';
import { applyPreprocessing } from '@backprop-lab/core';
import { inkVerdict, pngToSample, type InkVerdict } from '@backprop-lab/core';
import { selectKernels } from '@backprop-lab/core';
import { argmaxRow } from '@backprop-lab/core';
import { Tensor } from '@backprop-lab/core';
import { booleanFlag, parseFlags, stringFlag, UsageError } from './args.js';
import { loadModelFile } from './model-file.js';
import { percent } from './progress.js';

export type Prediction =
  | { image: string; class: number; probabilities: number[] }
  /** Not classified: the image holds no digit (core/data/ink-check.ts says why). */
  | { image: string; class: null; refused: Exclude<InkVerdict, 'digit'> }
  /** Not read: the file is missing or not a PNG (the message names it). */
  | { image: string; class: null; error: string };

const refusals: Record<Exclude<InkVerdict, 'digit'>, string> = {
  'blank': 'the image is blank',
  'too-little-ink': 'too little ink for a digit',
  'too-much-ink': 'too much ink for a digit: a blob or a scribble',
};

export async function predictCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { model: 'string', json: 'boolean' }, { positionals: true });
  const modelPath = stringFlag(args, 'model');
  if (modelPath === undefined) throw new UsageError('--model FILE is required');
  if (args.positionals.length === 0) throw new UsageError('give at least one PNG image');
  const { saved, model } = loadModelFile(modelPath, await selectKernels('auto'));
  const predictions: Prediction[] = args.positionals.map((image) => {
    let pixels: Float32Array;
    try {
      pixels = pngToSample(readImage(image), image);
    } catch (error) {
      return { image, class: null, error: error instanceof Error ? error.message : String(error) };
    }
    const verdict = inkVerdict(pixels);
    if (verdict !== 'digit') return { image, class: null, refused: verdict };
    if (saved.preprocessing) applyPreprocessing(saved.preprocessing, pixels);
    const probabilities = Array.from(model.predict(new Tensor([1, ...model.inputShape], pixels)).data);
    return { image, class: argmaxRow(probabilities, 0, probabilities.length), probabilities };
  });
  const unread = predictions.filter((p) => 'error' in p);
  for (const prediction of unread) process.stderr.write(`backprop-lab predict: ${(prediction as { error: string }).error}\n`);
  const status = unread.length > 0 ? 1 : 0;
  if (booleanFlag(args, 'json')) {
    for (const prediction of predictions) process.stdout.write(`${JSON.stringify(prediction)}\n`);
    return status;
  }
  for (const prediction of predictions) {
    const { image } = prediction;
    if ('error' in prediction) continue;
    if (prediction.class === null) {
      process.stdout.write(`${image}: no digit (${refusals[prediction.refused]}); draw a digit\n`);
      continue;
    }
    const { class: digit, probabilities } = prediction;
    const ranked = probabilities.map((p, k) => [k, p] as const).sort((a, b) => b[1] - a[1]).slice(0, 3);
    process.stdout.write(`${image}: ${digit} (${ranked.map(([k, p]) => `${k} ${percent(p)}`).join(', ')})\n`);
  }
  return status;
}

const readErrors: Record<string, string> = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' };

function readImage(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read image ${path}: ${(code && readErrors[code]) ?? (error as Error).message}`);
  }
}
