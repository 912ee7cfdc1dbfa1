/**
 * The initialisation study of seed 001 (TEXTBOOK §4, §10.3). Two parts:
 *  - activation histograms of a 6-layer fully connected net (figures 15-1 … 15-4): 1000 inputs drawn
 *    from N(0, 1) pass through `depth` dense layers of `width` units at initialisation; per layer the
 *    mean, standard deviation, a histogram and the fraction of saturated units (within 0.02 of a bound
 *    of sigmoid or tanh). Xavier keeps tanh's spread, ReLU under Xavier shrinks by about 1/√2 per layer
 *    (half its inputs are zero), MSRA/He's √(2/n_in) restores it; N(0, 1) drives sigmoid to 0 and 1.
 *  - the seven-row table: rows 1–3 train small networks on a seeded three-class problem (two-layer
 *    zero initialisation leaves every hidden unit identical: the symmetry failure); rows 4–7 are the
 *    histogram statistics of the deep nets.
 */
import { Rng } from '../random.js';
import { Tensor } from '../tensor.js';
import type { ActivationName, InitName, LayerSpec } from '../spec.js';
import { oneHot } from '../losses.js';
import { accuracy } from '../metrics.js';
import { createOptimizer } from '../optim/index.js';
import { buildNetwork, layerOutputs, trainFullBatch } from './network.js';

export interface ActivationLayerStats {
  layer: number;
  mean: number;
  std: number;
  saturated: number;
  histogram: { edges: number[]; counts: number[] };
}

export interface ActivationStudyOptions {
  activation: ActivationName;
  init: InitName;
  depth?: number;
  width?: number;
  samples?: number;
  bins?: number;
  seed?: number;
}

export function activationHistograms(options: ActivationStudyOptions): ActivationLayerStats[] {
  const { activation, init, depth = 6, width = 100, samples = 1000, bins = 20, seed = 1 } = options;
  const layers: LayerSpec[] = Array.from({ length: depth }, () => ({ type: 'dense', units: width, activation }));
  const network = buildNetwork({ inputShape: [width], layers, loss: 'mse' }, init, seed, 'float32');
  const rng = new Rng(seed);
  const x = Tensor.from([samples, width], Array.from({ length: samples * width }, () => rng.normal()), 'float32');
  const { outputs } = layerOutputs(network, x);
  const bounds = boundsOf(activation);
  const upper = bounds?.[1] ?? Math.max(1e-12, ...outputs.map((o) => maxOf(o.data)));
  const lower = bounds?.[0] ?? Math.min(0, ...outputs.map((o) => minOf(o.data)));
  return outputs.map((output, index) => statsOf(index + 1, output.data, lower, upper, bins, bounds));
}

function boundsOf(activation: ActivationName): [number, number] | null {
  if (activation === 'sigmoid') return [0, 1];
  if (activation === 'tanh' || activation === 'hard-tanh' || activation === 'softsign') return [-1, 1];
  return null;
}

function statsOf(layer: number, data: ArrayLike<number>, lower: number, upper: number, bins: number, bounds: [number, number] | null): ActivationLayerStats {
  const n = data.length;
  let sum = 0;
  let saturatedCount = 0;
  const counts = new Array<number>(bins).fill(0);
  const width = (upper - lower) / bins;
  for (let i = 0; i < n; i++) {
    const a = data[i]!;
    sum += a;
    if (bounds && (a - bounds[0] < 0.02 || bounds[1] - a < 0.02)) saturatedCount++;
    counts[Math.min(bins - 1, Math.max(0, Math.floor((a - lower) / width)))]! += 1;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (data[i]! - mean) ** 2;
  const edges = Array.from({ length: bins + 1 }, (_, i) => lower + i * width);
  return { layer, mean, std: Math.sqrt(squares / n), saturated: saturatedCount / n, histogram: { edges, counts } };
}

function maxOf(data: ArrayLike<number>): number {
  let best = -Infinity;
  for (let i = 0; i < data.length; i++) best = Math.max(best, data[i]!);
  return best;
}

function minOf(data: ArrayLike<number>): number {
  let best = Infinity;
  for (let i = 0; i < data.length; i++) best = Math.min(best, data[i]!);
  return best;
}

export interface InitialisationRow {
  row: number;
  depth: string;
  init: InitName;
  activation: ActivationName | 'none';
  expected: string;
  /** Rows 1–3: training accuracy after training; rows 4–7: undefined. */
  accuracy?: number;
  /** Row 2 (and 3, for contrast): whether every hidden unit has the same incoming weights. */
  identicalHiddenUnits?: boolean;
  /** Rows 4–7: the last hidden layer's spread and saturated fraction at initialisation. */
  lastLayerStd?: number;
  saturated?: number;
}

export function initialisationTable(seed = 1): InitialisationRow[] {
  const shallow = [
    trainShallow(1, 'zero', 'none', 'works', seed),
    trainShallow(2, 'zero', 'sigmoid', 'fails: symmetric units', seed),
    trainShallow(3, 'xavier-normal', 'sigmoid', 'works', seed),
  ];
  const deep: [number, InitName, ActivationName, string][] = [
    [4, 'normal', 'sigmoid', 'activations pile up at 0 and 1'],
    [5, 'xavier-normal', 'tanh', 'healthy'],
    [6, 'xavier-normal', 'relu', 'activations collapse toward 0'],
    [7, 'he-normal', 'relu', 'healthy'],
  ];
  return [
    ...shallow,
    ...deep.map(([row, init, activation, expected]) => {
      const last = activationHistograms({ activation, init, seed }).at(-1)!;
      return { row, depth: '6 layers', init, activation, expected, lastLayerStd: last.std, saturated: last.saturated };
    }),
  ];
}

/** Three Gaussian blobs in 2-D, 30 points each: a small problem every working row should solve. */
function blobs(seed: number): { x: Tensor; labels: number[] } {
  const rng = new Rng(seed);
  const centres = [[-2, 0], [2, 0], [0, 2.5]];
  const values: number[] = [];
  const labels: number[] = [];
  centres.forEach(([cx, cy], label) => {
    for (let i = 0; i < 30; i++) {
      values.push(cx! + 0.6 * rng.normal(), cy! + 0.6 * rng.normal());
      labels.push(label);
    }
  });
  return { x: Tensor.from([labels.length, 2], values, 'float64'), labels };
}

function trainShallow(row: number, init: InitName, activation: ActivationName | 'none', expected: string, seed: number): InitialisationRow {
  const hidden: LayerSpec[] = activation === 'none' ? [] : [{ type: 'dense', units: 8, activation }];
  const spec = { inputShape: [2], layers: [...hidden, { type: 'dense', units: 3 } as LayerSpec], loss: 'softmax-cross-entropy' as const };
  const network = buildNetwork(spec, init, seed);
  const { x, labels } = blobs(seed);
  const target = oneHot(labels, 3, 'float64');
  const optimizer = createOptimizer({ type: 'sgd', lr: 0.5 });
  for (let i = 0; i < 300; i++) trainFullBatch(network, optimizer, x, target);
  const result: InitialisationRow = {
    row,
    depth: activation === 'none' ? '1 layer' : '2 layers',
    init,
    activation,
    expected,
    accuracy: accuracy(layerOutputs(network, x).output, target),
  };
  if (activation !== 'none') result.identicalHiddenUnits = hiddenUnitsIdentical(network.model.parameters()[0]!.value.data, 8);
  return result;
}

/** Whether every column of the first weight [in, units] equals the first column. */
function hiddenUnitsIdentical(weight: ArrayLike<number>, units: number): boolean {
  for (let i = 0; i < weight.length; i++) if (weight[i] !== weight[i - (i % units)]) return false;
  return true;
}
