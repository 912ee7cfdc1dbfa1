/** The race against PyTorch (fixtures/torch/optimizer_race.json) and the shape of its chart data. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimizerRace, raceObjective, RACE_OPTIMIZERS } from './race.js';

const fixture = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../testing/fixtures/torch/optimizer_race.json'), 'utf8'),
) as { trajectories: Record<string, number[][]> };

describe('optimizer race (seed 001)', () => {
  const result = optimizerRace();
  const byLabel = new Map(result.runs.map((run) => [run.label, run]));

  for (const [label, key] of [
    ['SGD', 'sgd_lr0.95'],
    ['Momentum', 'momentum_lr0.1'],
    ['RMSProp', 'rmsprop_lr0.5'],
    ['Adam', 'adam_lr0.5'],
  ] as const) {
    it(`${label} follows PyTorch for 20 iterations from (−7, 2)`, () => {
      const expected = fixture.trajectories[key]!;
      const points = byLabel.get(label)!.points;
      expect(points).toHaveLength(21);
      expected.forEach((want, i) =>
        want.forEach((value, axis) => {
          // RMSProp drives y to ~1e-13, where a relative error says nothing: compare absolutely there.
          expect(Math.abs(points[i]![axis]! - value)).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(value), 1e-3));
        }),
      );
    });
  }

  it('uses seed 001 learning rates and runs every optimizer', () => {
    expect(result.runs.map((run) => run.spec.type).sort()).toEqual(
      ['adadelta', 'adagrad', 'adam', 'momentum', 'momentum', 'nag', 'rmsprop', 'sgd'],
    );
    expect(RACE_OPTIMIZERS.find((entry) => entry.label === 'SGD')!.spec).toEqual({ type: 'sgd', lr: 0.95 });
  });

  it('EWMA momentum with η = 1 retraces classic momentum with η = 0.1', () => {
    const classic = byLabel.get('Momentum')!.points.flat();
    byLabel.get('Momentum (EWMA)')!.points.flat().forEach((value, i) => expect(value).toBeCloseTo(classic[i]!, 10));
  });

  it('every optimizer except AdaDelta ends lower than it started; AdaDelta barely moves', () => {
    for (const run of result.runs) {
      expect(run.z[0]).toBeCloseTo(raceObjective(-7, 2), 12);
      if (run.label === 'AdaDelta') expect(run.z[20]! / run.z[0]!).toBeGreaterThan(0.5);
      else expect(run.z[20]!, run.label).toBeLessThan(run.z[0]! / 5);
    }
  });

  it('gives a contour grid of z over the trajectories', () => {
    const { x, y, z } = result.contour;
    expect(z).toHaveLength(y.length);
    expect(z[0]).toHaveLength(x.length);
    expect(x[0]).toBeLessThanOrEqual(-7);
    expect(z[3]![5]).toBeCloseTo(x[5]! ** 2 / 10 + y[3]! ** 2, 12);
  });
});
