/**
 * §10.12 Handwriting habits (seed 001): MNIST was written in the US and Europe, and its 2 (often a loop
 * at the bottom), 4 (a closed top, the crossbar not sticking out), 6 (a straight top) and 7 (a bar
 * through the middle) differ from how Chinese writers draw them. The course's network is trained on
 * MNIST and its accuracy on each digit of the MNIST test set is shown, those four marked; the page links
 * to the Draw view, where the user's own digits show how it does on another hand.
 */
import { defineExperiment } from '../registry/definition.js';
import type { ExperimentResult } from '../registry/result.js';
import { mnistPrefix, seedMlp } from './mnist.js';

/** The digits seed 001 says are written differently in China. */
export const HABIT_DIGITS = [2, 4, 6, 7] as const;

export const handwritingExperiment = defineExperiment({
  id: 'handwriting',
  course: 12,
  trains: true,
  params: {
    trainImages: { kind: 'number', default: 20000, min: 100, max: 60000, integer: true },
    epochs: { kind: 'number', default: 10, min: 1, max: 100, integer: true },
  },
  async run(params, context) {
    const data = await mnistPrefix(context, params.trainImages, 10000);
    const { modelSpec, trainSpec } = seedMlp({ epochs: params.epochs, seed: context.seed, validationSplit: 0.1 });
    const done = await context.train({
      label: 'seed-mlp', modelSpec, trainSpec, train: data.train, test: data.test,
      onEpoch: (event) => context.progress(event.epoch / params.epochs),
    });
    const confusion = done.test?.confusion ?? [];
    const perClass = confusion.map((row, digit) => row[digit]! / Math.max(1, row.reduce((s, v) => s + v, 0)));
    const marked = (digit: number) => (HABIT_DIGITS as readonly number[]).includes(digit);
    const result: ExperimentResult = {
      figures: [{
        id: 'perClass', x: { label: 'experiments.axes.digit', categories: perClass.map((_, d) => String(d)) }, y: { label: 'experiments.axes.accuracy' },
        series: [
          { name: 'experiments.series.otherDigits', style: 'bar', points: perClass.flatMap((a, d) => (marked(d) ? [] : [[d, a] as [number, number]])) },
          { name: 'experiments.series.habitDigits', style: 'bar', points: perClass.flatMap((a, d) => (marked(d) ? [[d, a] as [number, number]] : [])) },
        ],
      }],
      tables: [{
        id: 'perClass', columns: ['experiments.columns.digit', 'experiments.columns.testAccuracy', 'experiments.columns.habit'],
        rows: perClass.map((a, d) => [d, a, marked(d) ? `experiments.handwriting.habit.${d}` : null]),
      }],
      values: { testAccuracy: done.test?.accuracy ?? null, ...Object.fromEntries(perClass.map((a, d) => [`accuracy.${d}`, a])) },
    };
    return result;
  },
});
