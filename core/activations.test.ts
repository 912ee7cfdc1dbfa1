import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activations, softplus } from './activations.js';
import type { ActivationName } from './spec.js';
import { Tensor } from './tensor.js';
import { relativeError, tensorOf, torchFixturePath, type FixtureTensor } from './testing/fixtures.js';

interface Case { z: FixtureTensor; y: FixtureTensor; dy: FixtureTensor; dz: FixtureTensor }
const fixture = JSON.parse(readFileSync(torchFixturePath('activations'), 'utf8')) as { cases: Record<string, Case> };

const torchCases: [string, ActivationName, number | undefined][] = [
  ['sigmoid', 'sigmoid', undefined],
  ['tanh', 'tanh', undefined],
  ['relu', 'relu', undefined],
  ['leaky_relu_0.01', 'leaky-relu', 0.01],
  ['leaky_relu_0.2', 'leaky-relu', 0.2],
  ['hardtanh', 'hard-tanh', undefined],
  ['softsign', 'softsign', undefined],
  ['softmax_rows', 'softmax', undefined],
];

describe('activations against PyTorch (float64 ≤ 1e-9, float32 ≤ 1e-4)', () => {
  for (const [key, name, alpha] of torchCases) {
    for (const [dtype, tolerance] of [['float64', 1e-9], ['float32', 1e-4]] as const) {
      it(`${name}${alpha === undefined ? '' : ` α=${alpha}`} in ${dtype}`, () => {
        const c = fixture.cases[key]!;
        const z = tensorOf(c.z, dtype);
        const y = activations[name].forward(z, alpha);
        expect(y.dtype).toBe(dtype);
        expect(relativeError(y.data, c.y.data)).toBeLessThanOrEqual(tolerance);
        const dz = activations[name].backward(z, y, tensorOf(c.dy, dtype), alpha);
        expect(relativeError(dz.data, c.dz.data)).toBeLessThanOrEqual(tolerance);
      });
    }
  }

  it('softplus matches PyTorch and does not overflow', () => {
    const c = fixture.cases.softplus!;
    expect(relativeError(c.z.data.map(softplus), c.y.data)).toBeLessThanOrEqual(1e-12);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
  });
});

describe('activations by their formulas', () => {
  const z = Tensor.from([1, 5], [-2, -0.5, 0, 0.5, 2], 'float64');
  const dy = Tensor.from([1, 5], [1, 1, 1, 1, 1], 'float64');

  it('step is 1 above 0, else 0, and passes no gradient back', () => {
    const y = activations.step.forward(z);
    expect([...y.data]).toEqual([0, 0, 0, 1, 1]);
    expect([...activations.step.backward(z, y, dy).data]).toEqual([0, 0, 0, 0, 0]);
  });

  it('linear is the identity with derivative 1', () => {
    const y = activations.linear.forward(z);
    expect([...y.data]).toEqual([...z.data]);
    expect([...activations.linear.backward(z, y, dy).data]).toEqual([1, 1, 1, 1, 1]);
  });

  it('softsign derivative is 1/(1 + |z|)² (seed 004 prints a typo)', () => {
    const y = activations.softsign.forward(z);
    const dz = activations.softsign.backward(z, y, dy);
    expect([...dz.data].map((v) => +v.toFixed(12))).toEqual([1 / 9, 1 / 2.25, 1, 1 / 2.25, 1 / 9].map((v) => +v.toFixed(12)));
  });

  it('softmax rows sum to 1 and survive huge logits', () => {
    const y = activations.softmax.forward(Tensor.from([2, 3], [1000, 1000, 1000, -5, 0, 5], 'float64'));
    expect(y.data[0]).toBeCloseTo(1 / 3, 15);
    expect(y.data[3]! + y.data[4]! + y.data[5]!).toBeCloseTo(1, 15);
    expect(Number.isFinite(y.data[5]!)).toBe(true);
  });

  it('every elementwise derivative matches a central difference', () => {
    const names: ActivationName[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'hard-tanh', 'softsign', 'linear'];
    const points = Tensor.from([1, 6], [-1.7, -0.9, -0.3, 0.2, 0.7, 1.4], 'float64');
    const ones = Tensor.from([1, 6], new Array(6).fill(1), 'float64');
    for (const name of names) {
      const f = activations[name];
      const dz = f.backward(points, f.forward(points, 0.1), ones, 0.1);
      for (let i = 0; i < 6; i++) {
        const at = (v: number) => f.forward(Tensor.from([1, 1], [v], 'float64'), 0.1).data[0]!;
        const numeric = (at(points.data[i]! + 1e-6) - at(points.data[i]! - 1e-6)) / 2e-6;
        expect(dz.data[i], `${name} at ${points.data[i]}`).toBeCloseTo(numeric, 8);
      }
    }
  });
});
