/**
 * The optimizer race of seed 001 (TEXTBOOK §10.4): minimise z = x²/10 + y², gradient (x/5, 2y), from
 * (−7, 2) for 20 iterations with every optimizer, using the same optimizer code that trains networks.
 * Seed 001's learning rates: SGD 0.95, Momentum 0.1, RMSProp 0.5, Adam 0.5. The others: NAG 0.1 with
 * α 0.9 (beside Momentum), EWMA momentum η 1 (the same path as classic η 0.1: η_classic = η(1 − β)),
 * AdaGrad 1.5 (its steps shrink as r grows), AdaDelta with its defaults (it has no learning rate and
 * starts with steps of about √ε, so it barely moves in 20 iterations: worth seeing).
 */
import { Tensor } from '../tensor.js';
import type { OptimizerSpec } from '../spec.js';
import { createOptimizer } from '../optim/index.js';

export interface RaceEntry {
  label: string;
  spec: OptimizerSpec;
}

export interface RaceRun extends RaceEntry {
  /** (x, y) at the start and after each iteration: iterations + 1 points. */
  points: [number, number][];
  /** z at each point. */
  z: number[];
}

export interface ContourGrid {
  x: number[];
  y: number[];
  /** z[j][i] = f(x[i], y[j]). */
  z: number[][];
}

export interface OptimizerRaceResult {
  objective: string;
  start: [number, number];
  iterations: number;
  runs: RaceRun[];
  contour: ContourGrid;
}

export const RACE_OPTIMIZERS: RaceEntry[] = [
  { label: 'SGD', spec: { type: 'sgd', lr: 0.95 } },
  { label: 'Momentum', spec: { type: 'momentum', lr: 0.1, alpha: 0.9 } },
  { label: 'Momentum (EWMA)', spec: { type: 'momentum', lr: 1, alpha: 0.9, form: 'ewma' } },
  { label: 'NAG', spec: { type: 'nag', lr: 0.1, alpha: 0.9 } },
  { label: 'AdaGrad', spec: { type: 'adagrad', lr: 1.5 } },
  { label: 'AdaDelta', spec: { type: 'adadelta' } },
  { label: 'RMSProp', spec: { type: 'rmsprop', lr: 0.5 } },
  { label: 'Adam', spec: { type: 'adam', lr: 0.5 } },
];

export function raceObjective(x: number, y: number): number {
  return (x * x) / 10 + y * y;
}

export interface OptimizerRaceOptions {
  optimizers?: RaceEntry[];
  start?: [number, number];
  iterations?: number;
  /** Contour grid points per axis. */
  gridSize?: [number, number];
}

export function optimizerRace(options: OptimizerRaceOptions = {}): OptimizerRaceResult {
  const start = options.start ?? [-7, 2];
  const iterations = options.iterations ?? 20;
  const runs = (options.optimizers ?? RACE_OPTIMIZERS).map((entry) => ({ ...entry, ...descend(entry.spec, start, iterations) }));
  const extent = Math.max(8, Math.abs(start[0]) + 1, ...runs.flatMap((run) => run.points.map(([x]) => Math.abs(x))));
  const height = Math.max(3, Math.abs(start[1]) + 1, ...runs.flatMap((run) => run.points.map(([, y]) => Math.abs(y))));
  const [columns, rows] = options.gridSize ?? [81, 41];
  return {
    objective: 'z = x²/10 + y²',
    start,
    iterations,
    runs,
    contour: contourGrid(raceObjective, [-extent, extent], [-height, height], columns, rows),
  };
}

function descend(spec: OptimizerSpec, start: [number, number], iterations: number) {
  const optimizer = createOptimizer(spec);
  const param = { value: Tensor.from([2], start, 'float64'), grad: Tensor.zeros([2], 'float64') };
  const theta = param.value.data;
  const grad = param.grad.data;
  const points: [number, number][] = [[start[0], start[1]]];
  for (let i = 0; i < iterations; i++) {
    optimizer.beforeGradient([param]);
    grad[0] = theta[0]! / 5;
    grad[1] = 2 * theta[1]!;
    optimizer.step([param]);
    points.push([theta[0]!, theta[1]!]);
  }
  return { points, z: points.map(([px, py]) => raceObjective(px, py)) };
}

export function contourGrid(
  f: (x: number, y: number) => number,
  [xMin, xMax]: [number, number],
  [yMin, yMax]: [number, number],
  columns: number,
  rows: number,
): ContourGrid {
  const x = Array.from({ length: columns }, (_, i) => xMin + ((xMax - xMin) * i) / (columns - 1));
  const y = Array.from({ length: rows }, (_, j) => yMin + ((yMax - yMin) * j) / (rows - 1));
  return { x, y, z: y.map((yj) => x.map((xi) => f(xi, yj))) };
}
