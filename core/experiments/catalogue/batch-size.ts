/**
 * §10.8 Batch size (seed 002): one epoch of N samples at batch size B is ⌈N/B⌉ iterations; batch
 * gradient descent (B = N), stochastic (B = 1) and mini-batch trained on the same MNIST images, the
 * loss against iterations and against wall-clock time.
 */
import { batchSizeTable } from '../batch-size.js';
import { defineExperiment } from '../registry/definition.js';
import type { ExperimentResult, Series } from '../registry/result.js';
import { mnistPrefix, seedMlp, thin } from './mnist.js';

export const batchSizeExperiment = defineExperiment({
  id: 'batch-size',
  course: 8,
  trains: true,
  params: {
    trainImages: { kind: 'number', default: 1000, min: 10, max: 60000, integer: true },
    miniBatch: { kind: 'number', default: 32, min: 2, max: 1024, integer: true },
    epochs: { kind: 'number', default: 10, min: 1, max: 100, integer: true },
    learningRateBatch: { kind: 'number', default: 1, min: 0.0001, max: 10, step: 0.01 },
    learningRateStochastic: { kind: 'number', default: 0.02, min: 0.0001, max: 10, step: 0.001 },
    learningRateMini: { kind: 'number', default: 0.2, min: 0.0001, max: 10, step: 0.01 },
  },
  async run(params, context) {
    const data = await mnistPrefix(context, params.trainImages, 1000);
    const count = data.train.count;
    const settings = [
      { batchSize: count, lr: params.learningRateBatch },
      { batchSize: 1, lr: params.learningRateStochastic },
      { batchSize: Math.min(params.miniBatch, count), lr: params.learningRateMini },
    ];
    const table = batchSizeTable(count, settings.map((s) => s.batchSize));
    const byIteration: Series[] = [];
    const byTime: Series[] = [];
    const observed: number[] = [];
    const result = (): ExperimentResult => ({
      figures: [
        { id: 'lossByIteration', x: { label: 'experiments.axes.iteration', log: true }, y: { label: 'experiments.axes.trainLoss' }, series: byIteration.map((s) => ({ ...s, points: thin(s.points) })) },
        { id: 'lossByTime', x: { label: 'experiments.axes.seconds' }, y: { label: 'experiments.axes.trainLoss' }, series: byTime },
      ],
      tables: [{
        id: 'iterations',
        columns: ['experiments.columns.kind', 'experiments.columns.batchSize', 'experiments.columns.iterationsPerEpoch', 'experiments.columns.lastBatch', 'experiments.columns.observedIterations'],
        rows: table.map((row, i) => [`experiments.batch-size.kind.${row.kind.split(' ')[0]}`, row.batchSize, row.iterationsPerEpoch, row.lastBatchSize, observed[i] ?? null]),
      }],
      values: Object.fromEntries(table.map((row, i) => [`iterationsPerEpoch.${row.batchSize}`, observed[i] ?? row.iterationsPerEpoch])),
    });
    for (const [index, setting] of settings.entries()) {
      if (context.control.stopRequested) break;
      const row = table[index]!;
      const name = `experiments.batch-size.kind.${row.kind.split(' ')[0]}`;
      const iterations: Series = { name, points: [] };
      const times: Series = { name, points: [] };
      byIteration.push(iterations);
      byTime.push(times);
      const { modelSpec, trainSpec } = seedMlp({ optimizer: { type: 'sgd', lr: setting.lr }, batchSize: setting.batchSize, epochs: params.epochs, seed: context.seed, validationSplit: 0 });
      await context.train({
        label: row.kind, modelSpec, trainSpec, train: data.train, iterationEventIntervalMs: 0,
        onIteration: (event) => {
          iterations.points.push([event.globalIteration, event.loss]);
          observed[index] = event.iterationsPerEpoch;
        },
        onEpoch: (event) => {
          times.points.push([event.elapsedMs / 1000, event.train.loss]);
          context.progress((index + event.epoch / params.epochs) / settings.length, result());
        },
      });
    }
    return result();
  },
});
