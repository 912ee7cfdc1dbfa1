/**
 * §10.5 Vanishing and exploding gradients (seed 002): ‖∂J/∂W_l‖ per layer of a deep net at
 * initialisation for sigmoid + Xavier, tanh + Xavier, ReLU + He and the user's own choice, and the
 * bound max σ'(z) = 1/4; then the user's net trained for a few steps, first and last layer's norms.
 */
import { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import { activationNames } from '../../activations.js';
import { initNames } from '../../init.js';
import { oneHot } from '../../losses.js';
import { createOptimizer } from '../../optim/index.js';
import type { LayerSpec } from '../../spec.js';
import { buildNetwork, trainFullBatch, weightGradientNorms } from '../network.js';
import { gradientNormProfile, SIGMOID_DERIVATIVE_BOUND } from '../vanishing-gradients.js';
import { defineExperiment } from '../registry/definition.js';

export const vanishingGradientsExperiment = defineExperiment({
  id: 'vanishing-gradients',
  course: 5,
  trains: false,
  params: {
    depth: { kind: 'number', default: 10, min: 2, max: 30, integer: true },
    width: { kind: 'number', default: 32, min: 4, max: 256, integer: true },
    activation: { kind: 'choice', default: 'sigmoid', choices: activationNames.filter((name) => name !== 'softmax' && name !== 'step') },
    init: { kind: 'choice', default: 'normal', choices: initNames },
    steps: { kind: 'number', default: 100, min: 0, max: 2000, integer: true },
    learningRate: { kind: 'number', default: 0.1, min: 0.0001, max: 5, step: 0.01 },
  },
  async run(params, context) {
    const options = { depth: params.depth, width: params.width, seed: context.seed };
    const profiles = [
      gradientNormProfile('sigmoid', 'xavier-normal', options),
      gradientNormProfile('tanh', 'xavier-normal', options),
      gradientNormProfile('relu', 'he-normal', options),
      gradientNormProfile(params.activation, params.init, options),
    ];
    const training = await trainAndWatch(params, context);
    const ratio = (norms: number[]) => norms[0]! / norms[norms.length - 2]!;
    return {
      figures: [{
        id: 'profile', x: { label: 'experiments.axes.layer' }, y: { label: 'experiments.axes.gradientNorm', log: true },
        series: profiles.map((p) => ({ name: p.label, points: p.norms.map((norm, i) => [i + 1, norm] as [number, number]) })),
      }, {
        id: 'training', x: { label: 'experiments.axes.iteration' }, y: { label: 'experiments.axes.gradientNorm', log: true },
        series: [{ name: 'experiments.series.firstLayer', points: training.first }, { name: 'experiments.series.lastHidden', points: training.last }],
      }],
      tables: [{
        id: 'ratios', columns: ['experiments.columns.network', 'experiments.columns.firstLayerNorm', 'experiments.columns.lastHiddenNorm', 'experiments.columns.ratio'],
        rows: profiles.map((p) => [p.label, p.norms[0]!, p.norms[p.norms.length - 2]!, ratio(p.norms)]),
      }],
      values: {
        bound: SIGMOID_DERIVATIVE_BOUND,
        sigmoidRatio: ratio(profiles[0]!.norms),
        reluRatio: ratio(profiles[2]!.norms),
        chosenRatio: ratio(profiles[3]!.norms),
      },
    };
  },
});

/** Full-batch SGD on seeded random data (the profile's own problem), recording layer 1's and the last hidden layer's norm. */
async function trainAndWatch(
  params: { depth: number; width: number; activation: (typeof activationNames)[number]; init: (typeof initNames)[number]; steps: number; learningRate: number },
  context: { seed: number; control: { stopRequested: boolean }; breathe(): Promise<void>; progress(f: number): void },
) {
  const hidden: LayerSpec[] = Array.from({ length: params.depth }, () => ({ type: 'dense', units: params.width, activation: params.activation }));
  const network = buildNetwork({ inputShape: [params.width], layers: [...hidden, { type: 'dense', units: 10 }], loss: 'softmax-cross-entropy' }, params.init, context.seed);
  const rng = new Rng(context.seed);
  const samples = 64;
  const x = Tensor.from([samples, params.width], Array.from({ length: samples * params.width }, () => rng.normal()), 'float64');
  const y = oneHot(Array.from({ length: samples }, () => rng.int(10)), 10, 'float64');
  const optimizer = createOptimizer({ type: 'sgd', lr: params.learningRate });
  const first: [number, number][] = [];
  const last: [number, number][] = [];
  for (let step = 1; step <= params.steps && !context.control.stopRequested; step++) {
    trainFullBatch(network, optimizer, x, y);
    const norms = weightGradientNorms(network);
    first.push([step, Math.max(norms[0]!.norm, 1e-300)]);
    last.push([step, Math.max(norms[norms.length - 2]!.norm, 1e-300)]);
    if (step % 10 === 0) {
      context.progress(step / params.steps);
      await context.breathe();
    }
  }
  return { first, last };
}
