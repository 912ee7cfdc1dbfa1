/**
 * Shared by the handwriting scripts: a set of writer variants (core/data/writer-styles.ts) made from
 * MNIST digits traced into strokes, and a model file's accuracy on a set, overall, per class and per
 * shape edit, and a model's outputs for single inputs (`outputsOf`, the stroke test's and the trials').
 * The proxy test uses MNIST's TEST part, the robust model's training its TRAINING part.
 */
import {
  applyPreprocessing, argmaxRow, CLASS_COUNT, Rng, selectKernels, Tensor, traceStrokes, writerVariant, type ShapeEdit,
} from '@backprop-lab/core';
import { loadMnist, type MnistPart } from '../../main/datasets/mnist.js';
import { loadModelFile, type LoadedModelFile } from '../../main/cli/model-file.js';

export interface WriterSet {
  images: Float32Array;
  labels: Uint8Array;
  edits: ShapeEdit[];
  /** Index of each variant's source digit in its MNIST part. */
  sources: Uint32Array;
}

/** One variant of each MNIST digit at `sources` (all of the part when omitted), drawn by Rng(seed). */
export async function writerSet(part: MnistPart, seed: number, sources?: Uint32Array): Promise<WriterSet> {
  const mnist = await loadMnist(part);
  const chosen = sources ?? Uint32Array.from({ length: mnist.count }, (_, i) => i);
  const rng = new Rng(seed);
  const images = new Float32Array(chosen.length * 784);
  const labels = new Uint8Array(chosen.length);
  const edits: ShapeEdit[] = [];
  chosen.forEach((source, i) => {
    const label = mnist.labels[source]!;
    const strokes = traceStrokes(mnist.images.subarray(source * 784, (source + 1) * 784), 28, 28);
    const variant = writerVariant(strokes, label, rng);
    images.set(variant.image, i * 784);
    labels[i] = label;
    edits.push(variant.edit);
  });
  return { images, labels, edits, sources: chosen };
}

export interface SetAccuracy {
  overall: number;
  perClass: number[];
  perEdit: Partial<Record<ShapeEdit, { accuracy: number; count: number }>>;
}

/** A model file's accuracy on raw [0, 1] images (its own preprocessing applied). */
export async function accuracyOf(modelPath: string, images: Float32Array, labels: Uint8Array, edits?: readonly ShapeEdit[]): Promise<SetAccuracy> {
  return accuracyOfModel(loadModelFile(modelPath, await selectKernels('auto')), images, labels, edits);
}

/** The model's outputs (softmax, 10 per input) for single 28×28 inputs, in batches of 250, preprocessed as the file says. */
export function outputsOf({ saved, model }: LoadedModelFile, inputs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(inputs.length * CLASS_COUNT);
  for (let start = 0; start < inputs.length; start += 250) {
    const chunk = inputs.slice(start, start + 250);
    const x = new Float32Array(chunk.length * 784);
    chunk.forEach((input, i) => {
      const copy = Float32Array.from(input);
      if (saved.preprocessing) applyPreprocessing(saved.preprocessing, copy);
      x.set(copy, i * 784);
    });
    out.set(model.predict(new Tensor([chunk.length, ...model.inputShape], x)).data, start * CLASS_COUNT);
  }
  return out;
}

/** The same for a model in memory (a candidate not yet written to a file). */
export function accuracyOfModel({ saved, model }: LoadedModelFile, images: Float32Array, labels: Uint8Array, edits?: readonly ShapeEdit[]): SetAccuracy {
  const count = labels.length;
  const right = new Uint8Array(count);
  const chunk = 500;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const x = Float32Array.from(images.subarray(start * 784, (start + n) * 784));
    if (saved.preprocessing) applyPreprocessing(saved.preprocessing, x);
    const out = model.predict(new Tensor([n, ...model.inputShape], x));
    for (let i = 0; i < n; i++) right[start + i] = argmaxRow(out.data, i, CLASS_COUNT) === labels[start + i] ? 1 : 0;
  }
  const share = (keep: (i: number) => boolean) => {
    let total = 0;
    let correct = 0;
    for (let i = 0; i < count; i++) if (keep(i)) { total++; correct += right[i]!; }
    return { accuracy: total === 0 ? NaN : correct / total, count: total };
  };
  const perEdit: SetAccuracy['perEdit'] = {};
  for (const edit of new Set(edits ?? [])) perEdit[edit] = share((i) => edits![i] === edit);
  return {
    overall: share(() => true).accuracy,
    perClass: Array.from({ length: CLASS_COUNT }, (_, d) => share((i) => labels[i] === d).accuracy),
    perEdit,
  };
}

export const percent = (x: number, digits = 2) => `${(100 * x).toFixed(digits)}%`;

export function describe(name: string, result: SetAccuracy): string {
  const classes = result.perClass.map((a, d) => `${d}: ${percent(a, 1)}`).join('  ');
  const edits = Object.entries(result.perEdit).map(([edit, e]) => `${edit} ${percent(e!.accuracy, 1)} (${e!.count})`).join('  ');
  return `${name.padEnd(22)} ${percent(result.overall)}   per class ${classes}${edits ? `\n${' '.repeat(23)}per edit ${edits}` : ''}`;
}
