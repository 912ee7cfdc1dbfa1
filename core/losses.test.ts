import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLoss, lossNames, oneHot } from './losses.js';
import { Rng } from './random.js';
import type { LossName } from './spec.js';
import { Tensor } from './tensor.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from './testing/fixtures.js';

interface Case { input: FixtureTensor; target?: FixtureTensor; labels?: number[]; loss: number; grad: FixtureTensor }
const fixture = JSON.parse(readFileSync(torchFixturePath('losses'), 'utf8')) as {
  cases: Record<string, Case> & { invariance: { logits_plus_1000_ce: number; equal_logits_ce_k: number } };
};

const torchCases: [string, LossName][] = [
  ['softmax_cross_entropy_mean', 'softmax-cross-entropy'],
  ['mse_mean', 'mse'],
  ['l1_mean', 'l1'],
  ['binary_cross_entropy_mean', 'bce'],
  ['bce_with_logits_mean', 'sigmoid-bce'],
  ['multi_margin_hinge_mean', 'hinge'],
];

function targetOf(c: Case, dtype: 'float32' | 'float64'): Tensor {
  if (c.target) return tensorOf(c.target, dtype);
  return oneHot(c.labels!, c.input.shape[1]!, dtype);
}

describe('losses against PyTorch (mean as PyTorch averages)', () => {
  for (const [key, name] of torchCases) {
    for (const [dtype, tolerance] of [['float64', 1e-9], ['float32', 1e-4]] as const) {
      it(`${name} in ${dtype}`, () => {
        const c = fixture.cases[key] as Case;
        const loss = createLoss(name);
        const input = tensorOf(c.input, dtype);
        const target = targetOf(c, dtype);
        expect(relativeError([loss.value(input, target)], [c.loss])).toBeLessThanOrEqual(tolerance);
        const grad = loss.gradient(input, target);
        expect(grad.dtype).toBe(dtype);
        expect(relativeError(grad.data, c.grad.data)).toBeLessThanOrEqual(tolerance);
      });
    }
  }
});

describe('loss invariants', () => {
  const c = fixture.cases.softmax_cross_entropy_mean as Case;
  const ce = createLoss('softmax-cross-entropy');

  it('softmax cross-entropy is unchanged when a constant is added to every logit', () => {
    const target = oneHot(c.labels!, 5, 'float64');
    const shifted = Tensor.from(c.input.shape, c.input.data.map((v) => v + 1000), 'float64');
    expect(ce.value(shifted, target)).toBeCloseTo(fixture.cases.invariance.logits_plus_1000_ce, 9);
    expect(ce.value(shifted, target)).toBeCloseTo(c.loss, 9);
  });

  it('equal logits give log k', () => {
    const target = oneHot([0, 3, 4], 5, 'float64');
    const equal = Tensor.from([3, 5], new Array(15).fill(2.5), 'float64');
    expect(ce.value(equal, target)).toBeCloseTo(Math.log(5), 14);
    expect(fixture.cases.invariance.equal_logits_ce_k).toBeCloseTo(Math.log(5), 14);
  });

  it('cross-entropy from logits stays finite for a confident mistake', () => {
    const value = ce.value(Tensor.from([1, 2], [800, -800], 'float64'), oneHot([1], 2, 'float64'));
    expect(value).toBeCloseTo(1600, 9);
  });

  it('sigmoid-bce equals ζ((1 − 2y)z) for 0/1 labels (seed 003)', () => {
    const z = [-3, -0.5, 0.25, 4];
    const y = [1, 0, 1, 0];
    const expected = z.reduce((sum, v, i) => sum + Math.log1p(Math.exp((1 - 2 * y[i]!) * v)), 0) / 4;
    const value = createLoss('sigmoid-bce').value(Tensor.from([4, 1], z, 'float64'), Tensor.from([4, 1], y, 'float64'));
    expect(value).toBeCloseTo(expected, 14);
  });

  it('log-loss is −mean log p(y|x) of the given probabilities', () => {
    const p = Tensor.from([2, 3], [0.2, 0.5, 0.3, 0.1, 0.1, 0.8], 'float64');
    const value = createLoss('log-loss').value(p, oneHot([1, 2], 3, 'float64'));
    expect(value).toBeCloseTo(-(Math.log(0.5) + Math.log(0.8)) / 2, 14);
  });

  it('probabilities: softmax of logits, sigmoid of a logit, the output itself otherwise', () => {
    const logits = Tensor.from([1, 2], [0, Math.log(3)], 'float64');
    const p = createLoss('softmax-cross-entropy').probabilities(logits).data;
    expect(p[0]).toBeCloseTo(0.25, 15);
    expect(p[1]).toBeCloseTo(0.75, 15);
    expect(createLoss('sigmoid-bce').probabilities(Tensor.from([1, 1], [0], 'float64')).data[0]).toBe(0.5);
    expect(createLoss('mse').probabilities(logits)).toBe(logits);
  });

  it('rejects mismatched shapes, naming both', () => {
    expect(() => ce.value(Tensor.zeros([2, 3]), Tensor.zeros([2, 4]))).toThrow(/\[2, 3\].*\[2, 4\]/);
  });
});

describe('loss gradients by central differences (float64, odd shapes)', () => {
  for (const name of lossNames) {
    it(name, () => {
      const rng = new Rng(7);
      const [m, k] = [3, 5];
      const raw = Array.from({ length: m * k }, () => rng.normal());
      const probabilityOutput = name === 'bce' || name === 'log-loss';
      const output = Tensor.from([m, k], probabilityOutput ? raw.map((v) => 0.1 + 0.8 / (1 + Math.exp(-v))) : raw, 'float64');
      const target =
        name === 'bce' || name === 'sigmoid-bce'
          ? Tensor.from([m, k], raw.map(() => (rng.next() < 0.5 ? 0 : 1)), 'float64')
          : name === 'mse' || name === 'l1'
            ? Tensor.from([m, k], raw.map(() => rng.normal()), 'float64')
            : oneHot([4, 0, 2], k, 'float64');
      const loss = createLoss(name);
      const analytic = loss.gradient(output, target).data;
      const numeric = centralDifferences(loss, output, target);
      expect(relativeError(analytic, numeric)).toBeLessThanOrEqual(1e-6);
    });
  }
});

/** ∂loss/∂output by central differences (h = 1e-6), one output entry at a time. */
function centralDifferences(loss: ReturnType<typeof createLoss>, output: Tensor, target: Tensor): Float64Array {
  return Float64Array.from(output.data, (_, i) => {
    const at = (delta: number) => {
      const moved = output.clone();
      moved.data[i]! += delta;
      return loss.value(moved, target);
    };
    return (at(1e-6) - at(-1e-6)) / 2e-6;
  });
}

describe('softmax cross-entropy with soft target rows (distillation, label smoothing)', () => {
  it('has the gradient (softmax(z) − y)/m, by central differences, and the value −(1/m) Σ y·log softmax(z)', () => {
    const rng = new Rng(11);
    const [m, k] = [3, 4];
    const output = Tensor.from([m, k], Array.from({ length: m * k }, () => 2 * rng.normal()), 'float64');
    // Rows that are distributions over several classes, not one-hot.
    const rows = [[0.7, 0.1, 0.15, 0.05], [0.25, 0.25, 0.25, 0.25], [0, 0.9, 0, 0.1]];
    const target = Tensor.from([m, k], rows.flat(), 'float64');
    const loss = createLoss('softmax-cross-entropy');
    const analytic = loss.gradient(output, target).data;
    const numeric = centralDifferences(loss, output, target);
    expect(relativeError(analytic, numeric)).toBeLessThanOrEqual(1e-6);
    let expected = 0;
    rows.forEach((row, i) => {
      const z = Array.from(output.data.subarray(i * k, (i + 1) * k));
      const logSum = Math.log(z.reduce((a, v) => a + Math.exp(v), 0));
      row.forEach((y, j) => (expected -= (y * (z[j]! - logSum)) / m));
    });
    expect(loss.value(output, target)).toBeCloseTo(expected, 10);
  });
});

describe('oneHot', () => {
  it('sets one 1 per row and rejects labels out of range', () => {
    expect([...oneHot([2, 0], 3).data]).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHot([3], 3)).toThrow(/label 3 at row 0 is outside 0…2/);
  });
});

describe('softmax cross-entropy\'s value and gradient in one pass', () => {
  const rng = new Rng(77);
  for (const dtype of ['float32', 'float64'] as const) {
    it(`gives value()'s and gradient()'s numbers bit for bit in ${dtype}`, () => {
      const loss = createLoss('softmax-cross-entropy');
      const [m, k] = [9, 10];
      const logits = Array.from({ length: m * k }, (_, i) => (i < k ? 1000 + i : rng.normal() * 4));
      // One-hot rows, a soft row and an all-zero row.
      const target = Array.from({ length: m * k }, (_, i) => (i >= 7 * k ? (i >= 8 * k ? 0 : 0.1) : i % k === Math.floor(i / k) % k ? 1 : 0));
      const output = Tensor.from([m, k], logits, dtype);
      const y = Tensor.from([m, k], target, dtype);
      const both = loss.valueAndGradient!(output, y);
      expect(Object.is(both.value, loss.value(output, y))).toBe(true);
      expect(both.gradient.dtype).toBe(dtype);
      expect(both.gradient.shape).toEqual([m, k]);
      expect(Array.from(both.gradient.data)).toEqual(Array.from(loss.gradient(output, y).data));
    });
  }

  it('takes the two calls for an output of more than two axes (softmax rows are its last axis there)', () => {
    const loss = createLoss('softmax-cross-entropy');
    const output = Tensor.from([2, 2, 3], Array.from({ length: 12 }, () => rng.normal()), 'float64');
    const y = Tensor.from([2, 2, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0], 'float64');
    const both = loss.valueAndGradient!(output, y);
    expect(both.value).toBe(loss.value(output, y));
    expect(Array.from(both.gradient.data)).toEqual(Array.from(loss.gradient(output, y).data));
  });

  it('rejects a target of another shape as value() does', () => {
    const loss = createLoss('softmax-cross-entropy');
    expect(() => loss.valueAndGradient!(Tensor.from([2, 3], [1, 2, 3, 4, 5, 6]), Tensor.from([2, 2], [1, 0, 0, 1]))).toThrow(/softmax-cross-entropy: output \[2, 3\] and target \[2, 2\] differ/);
  });
});
