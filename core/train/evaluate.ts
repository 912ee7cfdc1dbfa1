/**
 * Evaluation in inference mode (dropout off, BatchNorm on its running statistics): the mean loss over
 * all samples, accuracy = share of samples whose largest output is the label (TEXTBOOK §3, the 0-1
 * metric), and the confusion matrix, rows = true class, columns = predicted class.
 */
import type { Model } from '../model.js';
import { oneHot, type Loss } from '../losses.js';
import { argmaxRow } from '../metrics.js';
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { Dataset } from '../data/dataset.js';
import type { FittedPreprocessing } from '../data/preprocess.js';
import { preprocessedSamples } from './pipeline.js';

export interface Evaluation {
  loss: number;
  accuracy: number;
  confusion: number[][];
}

/** Samples as stored for evaluation: already preprocessed, `featureSize` values each. */
export interface LabelledSamples {
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

export function evaluate(
  model: Model,
  loss: Loss,
  samples: LabelledSamples,
  options: { inputShape: readonly number[]; classes: number; batchSize?: number },
): Evaluation {
  const { inputShape, classes } = options;
  const batchSize = options.batchSize ?? 500;
  const featureSize = samples.images.length / Math.max(samples.count, 1);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const rng = new Rng(0);
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < samples.count; start += batchSize) {
    const end = Math.min(start + batchSize, samples.count);
    const m = end - start;
    const x = new Tensor([m, ...inputShape], samples.images.slice(start * featureSize, end * featureSize));
    const labels = samples.labels.subarray(start, end);
    const target = oneHot(labels, classes);
    const output = model.forward(x, { training: false, rng });
    lossSum += loss.value(output, target) * m;
    for (let i = 0; i < m; i++) {
      const predicted = argmaxRow(output.data, i, classes);
      const truth = labels[i]!;
      confusion[truth]![predicted]! += 1;
      if (predicted === truth) correct += 1;
    }
  }
  const count = Math.max(samples.count, 1);
  return { loss: lossSum / count, accuracy: correct / count, confusion };
}

/** A model on a whole dataset: preprocess it as the model was trained (fitted statistics), then evaluate. */
export function evaluateDataset(model: Model, preprocessing: FittedPreprocessing | null, data: Dataset, batchSize?: number): Evaluation {
  const samples = preprocessedSamples(data, preprocessing ?? { spec: { type: 'none' }, statistics: {} }, model.inputShape);
  return evaluate(model, model.loss, samples, { inputShape: model.inputShape, classes: data.classes, batchSize });
}
