/**
 * §10.2 The seed MNIST network (seed 001): 784 → 64 sigmoid → 16 tanh → 10 softmax, cross-entropy.
 * One batch goes forward and backward through the engine, and every quantity is computed again by
 * hand from formulas (1)–(17) with plain matrix products, layer by layer, with its shape; the table
 * gives the largest difference between the two. The engine's loss is the batch mean, so its dZ3 is
 * (A3 − Y)/m, and (9), (13), (17) sum dZ over the batch's rows. Then the network is trained.
 */
import { subset } from '../../data/dataset.js';
import { oneHot } from '../../losses.js';
import { Tensor } from '../../tensor.js';
import { buildNetwork, computeGradients, layerOutputs } from '../network.js';
import { defineExperiment } from '../registry/definition.js';
import type { Cell, ExperimentResult } from '../registry/result.js';
import { EpochCurves, mnistPrefix, seedMlp } from './mnist.js';

type Matrix = { rows: number; columns: number; data: Float64Array };

const matrix = (rows: number, columns: number, data: ArrayLike<number>): Matrix => ({ rows, columns, data: Float64Array.from(data) });
const transpose = (a: Matrix): Matrix => {
  const out = new Float64Array(a.rows * a.columns);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.columns; j++) out[j * a.rows + i] = a.data[i * a.columns + j]!;
  return { rows: a.columns, columns: a.rows, data: out };
};
const times = (a: Matrix, b: Matrix): Matrix => {
  const out = new Float64Array(a.rows * b.columns);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.columns; k++) {
      const aik = a.data[i * a.columns + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < b.columns; j++) out[i * b.columns + j] = out[i * b.columns + j]! + aik * b.data[k * b.columns + j]!;
    }
  }
  return { rows: a.rows, columns: b.columns, data: out };
};
const map = (a: Matrix, f: (v: number, i: number) => number): Matrix => ({ ...a, data: a.data.map(f) });
const addRow = (a: Matrix, row: Float64Array) => map(a, (v, i) => v + row[i % a.columns]!);
const sumRows = (a: Matrix): Matrix => {
  const out = new Float64Array(a.columns);
  for (let i = 0; i < a.data.length; i++) out[i % a.columns] = out[i % a.columns]! + a.data[i]!;
  return { rows: 1, columns: a.columns, data: out };
};
const softmaxRows = (a: Matrix): Matrix => {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < a.rows; i++) {
    const row = a.data.subarray(i * a.columns, (i + 1) * a.columns);
    const top = Math.max(...row);
    const exps = Array.from(row, (v) => Math.exp(v - top));
    const total = exps.reduce((s, v) => s + v, 0);
    exps.forEach((v, j) => (out[i * a.columns + j] = v / total));
  }
  return { ...a, data: out };
};
const norm = (data: ArrayLike<number>) => Math.sqrt(Array.from(data).reduce((s, v) => s + v * v, 0));
const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

export const seedNetworkExperiment = defineExperiment({
  id: 'seed-network',
  course: 2,
  trains: true,
  params: {
    batchSize: { kind: 'number', default: 64, min: 1, max: 1000, integer: true },
    trainImages: { kind: 'number', default: 10000, min: 100, max: 60000, integer: true },
    testImages: { kind: 'number', default: 10000, min: 100, max: 10000, integer: true },
    epochs: { kind: 'number', default: 10, min: 0, max: 100, integer: true },
    learningRate: { kind: 'number', default: 0.2, min: 0.001, max: 5, step: 0.01 },
  },
  async run(params, context) {
    const data = await mnistPrefix(context, params.trainImages, params.testImages);
    const { modelSpec, trainSpec } = seedMlp({ optimizer: { type: 'sgd', lr: params.learningRate }, epochs: params.epochs, seed: context.seed, validationSplit: 0.1 });
    const layers = layerByLayer(modelSpec, trainSpec.init, context.seed, data.train, Math.min(params.batchSize, data.train.count));
    const curves = new EpochCurves();
    let testAccuracy: number | null = null;
    const result = (): ExperimentResult => ({
      figures: [
        { id: 'loss', x: { label: 'experiments.axes.epoch' }, y: { label: 'experiments.axes.loss' }, series: [{ name: 'experiments.series.train', points: curves.trainLoss }, { name: 'experiments.series.validation', points: curves.validationLoss }] },
        { id: 'accuracy', x: { label: 'experiments.axes.epoch' }, y: { label: 'experiments.axes.accuracy' }, series: [{ name: 'experiments.series.train', points: curves.trainAccuracy }, { name: 'experiments.series.validation', points: curves.validationAccuracy }] },
      ],
      tables: [layers.table],
      values: { maxDifference: layers.worst, testAccuracy },
    });
    context.progress(0.05, result());
    if (params.epochs > 0 && !context.control.stopRequested) {
      const done = await context.train({
        label: 'seed-mlp', modelSpec, trainSpec, train: data.train, test: data.test,
        onEpoch: (event) => {
          curves.record(event);
          context.progress(0.05 + (0.95 * event.epoch) / params.epochs, result());
        },
      });
      testAccuracy = done.test?.accuracy ?? null;
    }
    return result();
  },
});

function layerByLayer(spec: ReturnType<typeof seedMlp>['modelSpec'], init: ReturnType<typeof seedMlp>['trainSpec']['init'], seed: number, train: Parameters<typeof subset>[0], m: number) {
  const batch = subset(train, Uint32Array.from({ length: m }, (_, i) => i));
  const network = buildNetwork(spec, init, seed);
  const x = Tensor.from([m, 784], batch.images, 'float64');
  const y = oneHot(Array.from(batch.labels), 10, 'float64');
  const engineOutputs = layerOutputs(network, x).outputs;
  computeGradients(network, x, y);
  const [w1, b1, w2, b2, w3, b3] = network.model.parameters();

  // Formulas (1)–(6), forward.
  const X = matrix(m, 784, x.data);
  const W1 = matrix(784, 64, w1!.value.data), W2 = matrix(64, 16, w2!.value.data), W3 = matrix(16, 10, w3!.value.data);
  const A1 = map(addRow(times(X, W1), Float64Array.from(b1!.value.data)), (z) => 1 / (1 + Math.exp(-z)));
  const A2 = map(addRow(times(A1, W2), Float64Array.from(b2!.value.data)), Math.tanh);
  const Z3 = addRow(times(A2, W3), Float64Array.from(b3!.value.data));
  const A3 = softmaxRows(Z3);
  // Formulas (7)–(17), backward; dZ3 carries the batch mean's 1/m.
  const Y = matrix(m, 10, y.data);
  const dZ3 = map(A3, (a, i) => (a - Y.data[i]!) / m);
  const dW3 = times(transpose(A2), dZ3), dB3 = sumRows(dZ3);
  const dA2 = times(dZ3, transpose(W3));
  const dZ2 = map(dA2, (d, i) => d * (1 - A2.data[i]! * A2.data[i]!));
  const dW2 = times(transpose(A1), dZ2), dB2 = sumRows(dZ2);
  const dA1 = times(dZ2, transpose(W2));
  const dZ1 = map(dA1, (d, i) => d * A1.data[i]! * (1 - A1.data[i]!));
  const dW1 = times(transpose(X), dZ1), dB1 = sumRows(dZ1);

  const rows: Cell[][] = [];
  const row = (name: string, formula: string, value: Matrix, engine?: ArrayLike<number>) =>
    rows.push([name, formula, `${value.rows}×${value.columns}`, norm(value.data), engine ? maxDifference(value.data, engine) : null]);
  row('A1 = σ(X·W1 + B1)', '(1) (2)', A1, engineOutputs[0]!.data);
  row('A2 = tanh(A1·W2 + B2)', '(3) (4)', A2, engineOutputs[1]!.data);
  row('Z3 = A2·W3 + B3', '(5)', Z3, engineOutputs[2]!.data);
  row('A3 = softmax(Z3)', '(6)', A3);
  row('dZ3 = (A3 − Y)/m', '(7)', dZ3);
  row('dW3 = A2ᵀ·dZ3', '(8)', dW3, w3!.grad.data);
  row('dB3 = Σ dZ3', '(9)', dB3, b3!.grad.data);
  row('dA2 = dZ3·W3ᵀ', '(10)', dA2);
  row('dZ2 = dA2 ⊙ (1 − A2 ⊙ A2)', '(11)', dZ2);
  row('dW2 = A1ᵀ·dZ2', '(12)', dW2, w2!.grad.data);
  row('dB2 = Σ dZ2', '(13)', dB2, b2!.grad.data);
  row('dA1 = dZ2·W2ᵀ', '(14)', dA1);
  row('dZ1 = dA1 ⊙ A1 ⊙ (1 − A1)', '(15)', dZ1);
  row('dW1 = Xᵀ·dZ1', '(16)', dW1, w1!.grad.data);
  row('dB1 = Σ dZ1', '(17)', dB1, b1!.grad.data);
  const worst = Math.max(...rows.map((r) => (typeof r[4] === 'number' ? r[4] : 0)));
  return {
    worst,
    table: { id: 'layers', columns: ['experiments.columns.quantity', 'experiments.columns.formula', 'experiments.columns.shape', 'experiments.columns.norm', 'experiments.columns.engineDifference'], rows },
  };
}
