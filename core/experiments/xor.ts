/**
 * XOR (seed 003; TEXTBOOK §10.1). A linear model cannot fit it: its best least-squares fit outputs 0.5
 * for every input. The 2-2-1 ReLU network f(x) = wᵀ·max(0, Wᵀx + c) + b with W = [[1, 1], [1, 1]],
 * c = [0, −1], w = [1, −2], b = 0 outputs exactly [0, 1, 1, 0]: its hidden layer maps (0,1) and (1,0)
 * to the same point (1, 0), and in that hidden space the two classes are linearly separable.
 * Training the same architecture from a random initialisation with MSE finds such a solution.
 */
import { Tensor } from '../tensor.js';
import type { InitName, ModelSpec, OptimizerSpec } from '../spec.js';
import { createOptimizer } from '../optim/index.js';
import { buildNetwork, layerOutputs, trainFullBatch, type ExperimentNetwork } from './network.js';

export const XOR_INPUTS: [number, number][] = [[0, 0], [0, 1], [1, 0], [1, 1]];
export const XOR_TARGETS = [0, 1, 1, 0];

export const XOR_NETWORK: ModelSpec = {
  name: 'xor 2-2-1',
  inputShape: [2],
  layers: [{ type: 'dense', units: 2, activation: 'relu' }, { type: 'dense', units: 1 }],
  loss: 'mse',
};

export const XOR_LINEAR: ModelSpec = { name: 'xor linear', inputShape: [2], layers: [{ type: 'dense', units: 1 }], loss: 'mse' };

export interface XorPoint {
  input: [number, number];
  target: number;
  /** The hidden layer's output max(0, Wᵀx + c). */
  hidden: [number, number];
  output: number;
}

export interface XorTraining {
  loss: number[];
  before: XorPoint[];
  after: XorPoint[];
  /** Every output within 0.1 of its target. */
  learned: boolean;
}

/** The four inputs as one batch [4, 2] and their targets [4, 1]. */
export const xorInputs = () => Tensor.from([4, 2], XOR_INPUTS.flat(), 'float64');
export const xorTargetBatch = () => Tensor.from([4, 1], XOR_TARGETS, 'float64');
const inputs = xorInputs;
const targets = xorTargetBatch;

/** Seed 003's hand-made solution, run through the engine. */
export function xorExactSolution(): XorPoint[] {
  const network = buildNetwork(XOR_NETWORK, 'zero', 1);
  const [weight, bias, outWeight, outBias] = network.model.parameters();
  weight!.value.data.set([1, 1, 1, 1]);
  bias!.value.data.set([0, -1]);
  outWeight!.value.data.set([1, -2]);
  outBias!.value.data.set([0]);
  return xorPoints(network);
}

/** The 2 → 1 linear model trained with SGD: it settles at 0.5 everywhere (MSE 0.25). */
export function xorLinearFit(iterations = 500): { outputs: number[]; loss: number } {
  const network = buildNetwork(XOR_LINEAR, 'xavier-uniform', 1);
  const optimizer = createOptimizer({ type: 'sgd', lr: 0.5 });
  let loss = Number.NaN;
  for (let i = 0; i < iterations; i++) loss = trainFullBatch(network, optimizer, inputs(), targets());
  return { outputs: Array.from(layerOutputs(network, inputs()).output.data), loss };
}

export interface XorTrainingOptions {
  seed?: number;
  iterations?: number;
  init?: InitName;
  optimizer?: OptimizerSpec;
}

export function xorTraining(options: XorTrainingOptions = {}): XorTraining {
  const { seed = 1, iterations = 1000, init = 'he-uniform', optimizer: spec = { type: 'adam', lr: 0.05 } } = options;
  const network = buildNetwork(XOR_NETWORK, init, seed);
  const optimizer = createOptimizer(spec);
  const before = xorPoints(network);
  const loss: number[] = [];
  for (let i = 0; i < iterations; i++) loss.push(trainFullBatch(network, optimizer, inputs(), targets()));
  const after = xorPoints(network);
  return { loss, before, after, learned: after.every((p) => Math.abs(p.output - p.target) < 0.1) };
}

/** Each input with its target, hidden-layer output and network output. */
export function xorPoints(network: ExperimentNetwork): XorPoint[] {
  const { outputs, output } = layerOutputs(network, inputs());
  const hidden = outputs[0]!.data;
  return XOR_INPUTS.map((input, i) => ({
    input,
    target: XOR_TARGETS[i]!,
    hidden: [hidden[2 * i]!, hidden[2 * i + 1]!],
    output: output.data[i]!,
  }));
}
