/** §10.4 The optimizer race on z = x²/10 + y²: every optimizer of §5 at the course's learning rates. */
import { optimizerRace, RACE_OPTIMIZERS } from '../race.js';
import type { OptimizerSpec } from '../../spec.js';
import { defineExperiment } from '../registry/definition.js';

/** The learning-rate parameter of a race entry: "Momentum (EWMA)" → lrMomentumEwma (AdaDelta has none). */
export function raceRateParam(label: string): string {
  const words = label.replace(/[^A-Za-z ]/g, '').split(' ').filter(Boolean);
  return `lr${words.map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()).join('')}`;
}

const rateParams = Object.fromEntries(
  RACE_OPTIMIZERS.filter((entry) => 'lr' in entry.spec).map((entry) => [
    raceRateParam(entry.label),
    { kind: 'number' as const, default: (entry.spec as { lr: number }).lr, min: 0.001, max: 3, step: 0.01 },
  ]),
);

export const raceExperiment = defineExperiment({
  id: 'optimizer-race',
  course: 4,
  trains: false,
  params: {
    iterations: { kind: 'number', default: 20, min: 1, max: 500, integer: true },
    startX: { kind: 'number', default: -7, min: -10, max: 10 },
    startY: { kind: 'number', default: 2, min: -4, max: 4 },
    ...rateParams,
  },
  async run(params) {
    const rates = params as unknown as Record<string, number>;
    const optimizers = RACE_OPTIMIZERS.map((entry) => {
      const spec = ('lr' in entry.spec ? { ...entry.spec, lr: rates[raceRateParam(entry.label)]! } : entry.spec) as OptimizerSpec;
      return { label: entry.label, spec };
    });
    const race = optimizerRace({ optimizers, start: [params.startX, params.startY], iterations: params.iterations });
    return {
      figures: [
        {
          id: 'trajectories', x: { label: 'experiments.axes.x' }, y: { label: 'experiments.axes.y' }, equalAspect: true,
          field: race.contour,
          series: race.runs.map((run) => ({ name: run.label, points: run.points })),
        },
        {
          id: 'objective', x: { label: 'experiments.axes.iteration' }, y: { label: 'experiments.axes.z', log: true },
          series: race.runs.map((run) => ({ name: run.label, points: run.z.map((z, t) => [t, Math.max(z, 1e-300)] as [number, number]) })),
        },
      ],
      tables: [{
        id: 'final',
        columns: ['experiments.columns.optimizer', 'experiments.columns.learningRate', 'experiments.columns.finalX', 'experiments.columns.finalY', 'experiments.columns.finalZ'],
        rows: race.runs.map((run) => [run.label, ('lr' in run.spec ? run.spec.lr : null) ?? null, ...run.points.at(-1)!, run.z.at(-1)!]),
      }],
      values: Object.fromEntries(race.runs.map((run) => [`finalZ.${run.label}`, run.z.at(-1)!])),
    };
  },
});
