/**
 * §10.9 Learning-rate schedules (seed 000, 004): every schedule of §6 plotted from the same α₀ before
 * training, then the course's MLP trained on the same MNIST images once with each (t counts epochs),
 * validation loss and accuracy side by side.
 */
import { defineExperiment } from '../registry/definition.js';
import { defaultScheduleSpecs, scheduleCurves } from '../schedule-curves.js';
import type { ExperimentResult, Series } from '../registry/result.js';
import { EpochCurves, mnistPrefix, seedMlp } from './mnist.js';

export const schedulesExperiment = defineExperiment({
  id: 'schedules',
  course: 9,
  trains: true,
  params: {
    baseLearningRate: { kind: 'number', default: 0.5, min: 0.001, max: 5, step: 0.01 },
    epochs: { kind: 'number', default: 12, min: 1, max: 100, integer: true },
    trainImages: { kind: 'number', default: 2000, min: 100, max: 60000, integer: true },
    testImages: { kind: 'number', default: 2000, min: 100, max: 10000, integer: true },
    compare: { kind: 'boolean', default: true },
  },
  async run(params, context) {
    const schedules = defaultScheduleSpecs(params.epochs);
    const plotted = scheduleCurves(params.baseLearningRate, params.epochs, schedules);
    const plot: Series[] = plotted.map((curve) => ({ name: curve.key, points: curve.t.map((t, i) => [t + 1, curve.lr[i]!] as [number, number]) }));
    const rows: (string | number)[][] = [];
    const validationLoss: Series[] = [];
    const result = (): ExperimentResult => ({
      figures: [
        { id: 'curves', x: { label: 'experiments.axes.epoch' }, y: { label: 'experiments.axes.learningRate' }, series: plot },
        { id: 'validationLoss', x: { label: 'experiments.axes.epoch' }, y: { label: 'experiments.axes.validationLoss' }, series: validationLoss },
      ],
      tables: [{ id: 'compared', columns: ['experiments.columns.schedule', 'experiments.columns.validationLoss', 'experiments.columns.testAccuracy'], rows }],
      values: Object.fromEntries(rows.map((row, i) => [`testAccuracy.${schedules[i]!.label}`, row[2]!])),
    });
    if (!params.compare) return result();
    const data = await mnistPrefix(context, params.trainImages, params.testImages);
    for (const [index, { label, key, spec }] of schedules.entries()) {
      if (context.control.stopRequested) break;
      const curves = new EpochCurves();
      const series: Series = { name: key, points: curves.validationLoss };
      validationLoss.push(series);
      const { modelSpec, trainSpec } = seedMlp({
        optimizer: { type: 'sgd', lr: params.baseLearningRate }, schedule: { ...spec, unit: 'epoch' }, epochs: params.epochs,
        seed: context.seed, validationSplit: 0.1, batchSize: 32,
      });
      const done = await context.train({
        label, modelSpec, trainSpec, train: data.train, test: data.test,
        onEpoch: (event) => {
          curves.record(event);
          context.progress((index + event.epoch / params.epochs) / schedules.length, result());
        },
      });
      rows.push([key, done.validation?.loss ?? Number.NaN, done.test?.accuracy ?? Number.NaN]);
    }
    return result();
  },
});
