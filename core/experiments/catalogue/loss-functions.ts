/**
 * §10.11 Loss functions (seed 000, 004): the same network trained on the same MNIST images with
 * softmax cross-entropy, MSE on the outputs and the multi-class hinge loss; and each loss as a function
 * of the margin m = s_y − s_other for two classes with scores (m/2, −m/2), computed by the engine's own
 * losses: cross-entropy log(1 + e^(−m)), hinge max(0, 1 − m)/2 (core's hinge averages over the k = 2
 * classes), MSE ((1 − m/2)² + (m/2)²)/2 (the mean over the two outputs).
 */
import { createLoss } from '../../losses.js';
import { Tensor } from '../../tensor.js';
import type { LossName } from '../../spec.js';
import { defineExperiment } from '../registry/definition.js';
import type { ExperimentResult, Series } from '../registry/result.js';
import { EpochCurves, mnistPrefix, seedMlp } from './mnist.js';

const COMPARED: LossName[] = ['softmax-cross-entropy', 'mse', 'hinge'];

export function lossAgainstMargin(name: LossName, margins: number[]): [number, number][] {
  const loss = createLoss(name);
  const target = Tensor.from([1, 2], [1, 0], 'float64');
  return margins.map((m) => [m, loss.value(Tensor.from([1, 2], [m / 2, -m / 2], 'float64'), target)]);
}

export const lossFunctionsExperiment = defineExperiment({
  id: 'loss-functions',
  course: 11,
  trains: true,
  params: {
    trainImages: { kind: 'number', default: 5000, min: 100, max: 60000, integer: true },
    testImages: { kind: 'number', default: 5000, min: 100, max: 10000, integer: true },
    epochs: { kind: 'number', default: 10, min: 1, max: 100, integer: true },
    learningRate: { kind: 'number', default: 0.1, min: 0.0001, max: 5, step: 0.01 },
  },
  async run(params, context) {
    const margins = Array.from({ length: 81 }, (_, i) => -4 + i * 0.1);
    const byMargin: Series[] = COMPARED.map((name) => ({ name: `experiments.loss-functions.loss.${name}`, points: lossAgainstMargin(name, margins) }));
    const accuracy: Series[] = [];
    const rows: (string | number | null)[][] = [];
    const result = (): ExperimentResult => ({
      figures: [
        { id: 'margin', x: { label: 'experiments.axes.margin' }, y: { label: 'experiments.axes.loss' }, series: byMargin },
        { id: 'accuracy', x: { label: 'experiments.axes.epoch' }, y: { label: 'experiments.axes.validationAccuracy' }, series: accuracy },
      ],
      tables: [{ id: 'compared', columns: ['experiments.columns.loss', 'experiments.columns.validationAccuracy', 'experiments.columns.testAccuracy'], rows }],
      values: Object.fromEntries(rows.map((row) => [`testAccuracy.${String(row[0]).split('.').pop()}`, row[2] ?? null])),
    });
    const data = await mnistPrefix(context, params.trainImages, params.testImages);
    for (const [index, loss] of COMPARED.entries()) {
      if (context.control.stopRequested) break;
      const curves = new EpochCurves();
      accuracy.push({ name: `experiments.loss-functions.loss.${loss}`, points: curves.validationAccuracy });
      const { modelSpec, trainSpec } = seedMlp({ optimizer: { type: 'sgd', lr: params.learningRate }, epochs: params.epochs, seed: context.seed, validationSplit: 0.1, batchSize: 32 });
      const done = await context.train({
        label: loss, modelSpec: { ...modelSpec, loss }, trainSpec, train: data.train, test: data.test,
        onEpoch: (event) => {
          curves.record(event);
          context.progress((index + event.epoch / params.epochs) / COMPARED.length, result());
        },
      });
      rows.push([`experiments.loss-functions.loss.${loss}`, done.validation?.accuracy ?? null, done.test?.accuracy ?? null]);
    }
    return result();
  },
});
