/**
 * §10.3 The initialisation study (seed 001): the seven-row table, and the per-layer activation
 * histograms of a 6-layer net (figures 15-1 to 15-4) for the activation × initialisation the user picks.
 */
import { activationNames } from '../../activations.js';
import { initNames } from '../../init.js';
import { activationHistograms, initialisationTable } from '../initialisation.js';
import { defineExperiment } from '../registry/definition.js';

export const initialisationExperiment = defineExperiment({
  id: 'initialisation',
  course: 3,
  trains: false,
  params: {
    activation: { kind: 'choice', default: 'sigmoid', choices: activationNames.filter((name) => name !== 'softmax' && name !== 'step') },
    init: { kind: 'choice', default: 'normal', choices: initNames },
    depth: { kind: 'number', default: 6, min: 1, max: 12, integer: true },
    width: { kind: 'number', default: 100, min: 2, max: 500, integer: true },
  },
  async run(params, context) {
    const layers = activationHistograms({ activation: params.activation, init: params.init, depth: params.depth, width: params.width, seed: context.seed });
    context.progress(0.3);
    await context.breathe();
    const table = initialisationTable(context.seed);
    return {
      figures: [{
        id: 'histograms', x: { label: 'experiments.axes.activation' }, y: { label: 'experiments.axes.count' },
        series: layers.map((layer) => ({
          name: `experiments.series.layer:${layer.layer}`, style: 'area' as const,
          points: layer.histogram.counts.map((count, i) => [(layer.histogram.edges[i]! + layer.histogram.edges[i + 1]!) / 2, count] as [number, number]),
        })),
      }, {
        id: 'spread', x: { label: 'experiments.axes.layer' }, y: { label: 'experiments.axes.std' },
        series: [{ name: 'experiments.series.std', points: layers.map((l) => [l.layer, l.std]) }, { name: 'experiments.series.saturated', points: layers.map((l) => [l.layer, l.saturated]) }],
      }],
      tables: [{
        id: 'layers', columns: ['experiments.columns.layer', 'experiments.columns.mean', 'experiments.columns.std', 'experiments.columns.saturated'],
        rows: layers.map((l) => [l.layer, l.mean, l.std, l.saturated]),
      }, {
        id: 'course',
        columns: ['experiments.columns.row', 'experiments.columns.depth', 'experiments.columns.init', 'experiments.columns.activation', 'experiments.columns.expected', 'experiments.columns.accuracy', 'experiments.columns.identicalUnits', 'experiments.columns.lastStd', 'experiments.columns.saturated'],
        rows: table.map((r) => [r.row, `experiments.initialisation.depth.${r.depth.replace(/ .*/, '')}`, r.init, r.activation, `experiments.initialisation.expected.${r.row}`, r.accuracy ?? null, r.identicalHiddenUnits ?? null, r.lastLayerStd ?? null, r.saturated ?? null]),
      }],
      values: {
        lastLayerStd: layers.at(-1)!.std, lastLayerSaturated: layers.at(-1)!.saturated,
        zeroInitIdenticalUnits: table[1]!.identicalHiddenUnits ?? null, zeroInitAccuracy: table[1]!.accuracy ?? null,
      },
    };
  },
});
