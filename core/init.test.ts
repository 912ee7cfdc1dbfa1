import { describe, expect, it } from 'vitest';
import { fansOf, initialise, initNames } from './init.js';
import { Rng } from './random.js';
import type { InitName } from './spec.js';

/** Standard deviation each initialisation should have for n_in = 200, n_out = 300 (TEXTBOOK §4). */
const nIn = 200;
const nOut = 300;
const alpha = 0.2;
const expectedStd: Record<Exclude<InitName, 'zero'>, number> = {
  normal: 1,
  'fan-in-normal': 1 / Math.sqrt(nIn),
  'fan-in-uniform': 1 / Math.sqrt(nIn) / Math.sqrt(3),
  'xavier-normal': Math.sqrt(2 / (nIn + nOut)),
  'xavier-uniform': Math.sqrt(6 / (nIn + nOut)) / Math.sqrt(3),
  'he-normal': Math.sqrt(2 / nIn),
  'he-uniform': Math.sqrt(6 / nIn) / Math.sqrt(3),
  'leaky-he-normal': Math.sqrt(2 / ((1 + alpha * alpha) * nIn)),
};
const uniformLimit: Partial<Record<InitName, number>> = {
  'fan-in-uniform': 1 / Math.sqrt(nIn),
  'xavier-uniform': Math.sqrt(6 / (nIn + nOut)),
  'he-uniform': Math.sqrt(6 / nIn),
};

describe('initialisations (TEXTBOOK §4)', () => {
  for (const name of initNames) {
    it(`${name} has the textbook spread and is reproducible from the seed`, () => {
      const draw = () => initialise(name, [nIn, nOut], { fanIn: nIn, fanOut: nOut, alpha }, new Rng(42), 'float64').data;
      const values = Array.from(draw());
      if (name === 'zero') {
        expect(values.every((v) => v === 0)).toBe(true);
        return;
      }
      const n = values.length;
      const mean = values.reduce((a, b) => a + b, 0) / n;
      const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      const target = expectedStd[name];
      expect(Math.abs(mean)).toBeLessThan((4 * target) / Math.sqrt(n));
      expect(Math.abs(std / target - 1)).toBeLessThan(0.01);
      const limit = uniformLimit[name];
      if (limit !== undefined) {
        expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
        expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.999 * limit);
      }
      expect(Array.from(draw())).toEqual(values);
    });
  }

  it('different seeds give different weights', () => {
    const a = initialise('he-normal', [10], { fanIn: 10, fanOut: 10 }, new Rng(1));
    const b = initialise('he-normal', [10], { fanIn: 10, fanOut: 10 }, new Rng(2));
    expect([...a.data]).not.toEqual([...b.data]);
  });

  it('fans: dense [in, out]; a convolution filter [O, C, kh, kw] has C·kh·kw in and O·kh·kw out', () => {
    expect(fansOf([784, 64], 'dense')).toEqual({ fanIn: 784, fanOut: 64 });
    expect(fansOf([16, 6, 5, 5], 'conv2d')).toEqual({ fanIn: 150, fanOut: 400 });
    expect(fansOf([4, 3, 7], 'conv1d')).toEqual({ fanIn: 21, fanOut: 28 });
  });
});
