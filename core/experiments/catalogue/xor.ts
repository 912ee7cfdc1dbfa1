/**
 * §10.1 XOR (seed 003): the linear model's best fit (0.5 everywhere), the hand-made 2-2-1 ReLU solution
 * ([0, 1, 1, 0] exactly), and the same network trained from random weights with MSE; the hidden space
 * h = max(0, Wᵀx + c), where the four points become linearly separable, is redrawn as it learns.
 */
import { createOptimizer } from '../../optim/index.js';
import { initNames } from '../../init.js';
import { buildNetwork, trainFullBatch } from '../network.js';
import { XOR_NETWORK, xorExactSolution, xorInputs, xorLinearFit, xorPoints, xorTargetBatch, type XorPoint } from '../xor.js';
import { defineExperiment } from '../registry/definition.js';
import type { ExperimentResult, Figure, Series } from '../registry/result.js';

const SNAPSHOTS = 20;

export const xorExperiment = defineExperiment({
  id: 'xor',
  course: 1,
  trains: false,
  params: {
    iterations: { kind: 'number', default: 1000, min: 10, max: 20000, integer: true },
    learningRate: { kind: 'number', default: 0.05, min: 0.0001, max: 1, step: 0.01 },
    init: { kind: 'choice', default: 'he-uniform', choices: initNames },
  },
  async run(params, context) {
    const exact = xorExactSolution();
    const linear = xorLinearFit();
    const network = buildNetwork(XOR_NETWORK, params.init, context.seed);
    const optimizer = createOptimizer({ type: 'adam', lr: params.learningRate });
    const loss: [number, number][] = [];
    const every = Math.max(1, Math.ceil(params.iterations / SNAPSHOTS));
    const snapshot = () => {
      const [, , outWeight, outBias] = network.model.parameters();
      const [w1, w2] = outWeight!.value.data;
      return resultOf(loss, xorPoints(network), exact, linear, [w1!, w2!, outBias!.value.data[0]!]);
    };
    for (let i = 0; i < params.iterations && !context.control.stopRequested; i++) {
      loss.push([i + 1, trainFullBatch(network, optimizer, xorInputs(), xorTargetBatch())]);
      if ((i + 1) % every === 0) {
        context.progress((i + 1) / params.iterations, snapshot());
        await context.breathe();
      }
    }
    return snapshot();
  },
});

function resultOf(
  loss: [number, number][], trained: XorPoint[], exact: XorPoint[], linear: { outputs: number[]; loss: number }, readout: [number, number, number],
): ExperimentResult {
  const learned = trained.every((p) => Math.abs(p.output - p.target) < 0.1);
  return {
    figures: [hiddenSpace(trained, readout), { id: 'loss', x: { label: 'experiments.axes.iteration' }, y: { label: 'experiments.axes.loss', log: true }, series: [{ name: 'experiments.series.mse', points: loss }] }],
    tables: [{
      id: 'outputs',
      columns: ['experiments.columns.input', 'experiments.columns.target', 'experiments.xor.linear', 'experiments.xor.exact', 'experiments.xor.trained', 'experiments.xor.hidden'],
      rows: trained.map((p, i) => [
        `(${p.input.join(', ')})`, p.target, round(linear.outputs[i]!), round(exact[i]!.output), round(p.output),
        `(${p.hidden.map(round).join(', ')})`,
      ]),
    }],
    values: { learned, linearLoss: linear.loss, finalLoss: loss.at(-1)?.[1] ?? null, exactOutputs: exact.map((p) => p.output).join(',') },
  };
}

/** The four points in hidden space, by class, and the line w₁h₁ + w₂h₂ + b = ½ where the output crosses ½. */
function hiddenSpace(points: XorPoint[], [w1, w2, b]: [number, number, number]): Figure {
  const byClass = (target: number): Series => ({
    name: `experiments.series.class${target}`, style: 'scatter',
    points: points.filter((p) => p.target === target).map((p) => p.hidden),
  });
  const extent = Math.max(1, ...points.flatMap((p) => p.hidden)) * 1.2;
  const boundary: [number, number][] = Math.abs(w2) > 1e-9
    ? [[-0.1, (0.5 - b + 0.1 * w1) / w2], [extent, (0.5 - b - w1 * extent) / w2]]
    : [[(0.5 - b) / (w1 || 1e-9), -0.1], [(0.5 - b) / (w1 || 1e-9), extent]];
  return {
    id: 'hidden', x: { label: 'experiments.axes.h1' }, y: { label: 'experiments.axes.h2' }, equalAspect: true,
    series: [byClass(0), byClass(1), { name: 'experiments.series.boundary', points: boundary }],
  };
}

const round = (v: number) => Math.round(v * 1e4) / 1e4;
