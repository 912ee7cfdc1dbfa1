/**
 * A model on a whole labelled dataset, keeping each sample's answer (not only the totals, as
 * core/train/evaluate.ts does): predicted class, its probability, the confusion matrix, accuracy
 * overall and per class. For the personal handwriting set and the Models view's insight (which digits
 * were misread, and as what).
 */
import type { Model } from '../model.js';
import { Tensor } from '../tensor.js';
import type { Dataset } from '../data/dataset.js';
import type { FittedPreprocessing } from '../data/preprocess.js';
import { preprocessedSamples } from '../train/pipeline.js';
import { argmaxRow } from '../metrics.js';
import { confusionMatrix, perClassAccuracy } from './confusion.js';

export interface DatasetAnswers {
  count: number;
  predicted: Uint8Array;
  /** The probability of the predicted class. */
  confidence: Float32Array;
  confusion: number[][];
  accuracy: number;
  perClass: (number | null)[];
}

export function classifyDataset(model: Model, preprocessing: FittedPreprocessing | null, data: Dataset, batchSize = 500): DatasetAnswers {
  const classes = data.classes;
  const samples = preprocessedSamples(data, preprocessing ?? { spec: { type: 'none' }, statistics: {} }, model.inputShape);
  const featureSize = samples.count > 0 ? samples.images.length / samples.count : 0;
  const predicted = new Uint8Array(samples.count);
  const confidence = new Float32Array(samples.count);
  for (let start = 0; start < samples.count; start += batchSize) {
    const m = Math.min(batchSize, samples.count - start);
    const x = new Tensor([m, ...model.inputShape], samples.images.slice(start * featureSize, (start + m) * featureSize));
    const probabilities = model.predict(x).data;
    for (let i = 0; i < m; i++) {
      const k = argmaxRow(probabilities, i, classes);
      predicted[start + i] = k;
      confidence[start + i] = probabilities[i * classes + k]!;
    }
  }
  const confusion = confusionMatrix(samples.labels, predicted, classes);
  let correct = 0;
  for (let k = 0; k < classes; k++) correct += confusion[k]![k]!;
  return { count: samples.count, predicted, confidence, confusion, accuracy: samples.count > 0 ? correct / samples.count : 0, perClass: perClassAccuracy(confusion) };
}
