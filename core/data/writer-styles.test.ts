import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import type { Point, Stroke } from './strokes.js';
import { editShape, PEN_RANGE, writerVariant } from './writer-styles.js';

/** A polyline through the given corners, a point every twentieth of each segment (as a trace gives). */
function line(...corners: Array<[number, number]>): Stroke {
  const points: Point[] = [{ x: corners[0]![0], y: corners[0]![1] }];
  for (let i = 1; i < corners.length; i++) {
    const [x0, y0] = corners[i - 1]!;
    const [x1, y1] = corners[i]!;
    for (let s = 1; s <= 20; s++) points.push({ x: x0 + ((x1 - x0) * s) / 20, y: y0 + ((y1 - y0) * s) / 20 });
  }
  return { width: 2, points };
}
const last = (strokes: Stroke[]): Point[] => strokes[strokes.length - 1]!.points;

/** An Rng whose every draw is `value` (a uniform(a, b) is then a + value·(b − a)). */
function fixed(value: number): Rng {
  const rng = new Rng(0);
  rng.next = () => value;
  return rng;
}

describe('writer variants', () => {
  const one = [line([14, 4], [14, 24])];

  it('gives a 1 a flag from its top down to the left, and half of them a base across the foot', () => {
    const flagged = editShape(one, 1, fixed(0.25));
    expect(flagged.edit).toBe('flag');
    const [start, end] = last(flagged.strokes);
    expect(end).toEqual({ x: 14, y: 4 });
    // flag length U(0.25, 0.45)·h at 0.25 → 0.3·20 = 6; start = top + (−0.8, +0.6)·6.
    expect(start!.x).toBeCloseTo(14 - 4.8, 9);
    expect(start!.y).toBeCloseTo(4 + 3.6, 9);

    const based = editShape(one, 1, fixed(0.75));
    expect(based.edit).toBe('flag-base');
    const [left, right] = last(based.strokes);
    // half width U(0.15, 0.3)·h at 0.75 → 0.2625·20 = 5.25, at the foot (14, 24).
    expect(left!.y).toBe(24);
    expect(right!.y).toBe(24);
    expect(left!.x).toBeCloseTo(14 - 5.25, 9);
    expect(right!.x).toBeCloseTo(14 + 5.25, 9);
    expect(based.strokes).toHaveLength(3);
  });

  it('crosses a 7\'s stem with a bar at mid height', () => {
    const seven = [line([6, 4], [22, 4], [12, 24])];
    const { strokes, edit } = editShape(seven, 7, fixed(0.5));
    expect(edit).toBe('bar');
    const [a, b] = last(strokes);
    // y = top + U(0.45, 0.6)·h = 4 + 0.525·20 = 14.5; the stem there is at x = 22 − 10·(10.5/20) = 16.75.
    expect(a!.y).toBeCloseTo(14.5, 9);
    expect((a!.x + b!.x) / 2).toBeCloseTo(16.75, 0);
    expect(b!.x - a!.x).toBeGreaterThan(5);
  });

  it('closes an open 4 at the top, from the arm\'s top to the stem\'s top', () => {
    const four = [line([8, 4], [6, 16], [22, 16]), line([18, 6], [18, 26])];
    const { strokes, edit } = editShape(four, 4, fixed(0.5));
    expect(edit).toBe('closed-top');
    expect(last(strokes)).toEqual([{ x: 8, y: 4 }, { x: 18, y: 6 }]);
    expect(strokes.slice(0, -1)).toEqual(four);
  });

  it('gives a 9 a straight stem: nothing of the old tail below the loop, one line to the foot', () => {
    const loop = Array.from({ length: 13 }, (_, k): [number, number] => [14 + 5 * Math.sin((k * Math.PI) / 6), 9 - 5 * Math.cos((k * Math.PI) / 6)]);
    const nine = [line(...loop), line([19, 9], [16, 20], [10, 26])];
    const { strokes, edit } = editShape(nine, 9, fixed(0.5));
    expect(edit).toBe('straight-stem');
    const cut = 4 + 0.5 * 22;
    for (const stroke of strokes.slice(0, -1)) for (const p of stroke.points) expect(p.y).toBeLessThanOrEqual(cut);
    const [top, foot] = last(strokes);
    expect(top!.x).toBeCloseTo(19, 9);
    expect(foot!.y).toBe(26);
  });

  it('leaves the digits without an edit alone', () => {
    const zero = [line([10, 4], [18, 4], [18, 24], [10, 24], [10, 4])];
    expect(editShape(zero, 0, fixed(0.1))).toEqual({ strokes: zero, edit: 'none' });
  });

  it('draws the same variant for the same seed, with a pen in range and ink in the 28×28 field', () => {
    const a = writerVariant(one, 1, new Rng(7));
    const b = writerVariant(one, 1, new Rng(7));
    expect(a).toEqual(b);
    expect(a.penWidth).toBeGreaterThanOrEqual(PEN_RANGE[0]);
    expect(a.penWidth).toBeLessThan(PEN_RANGE[1]);
    expect(a.image).toHaveLength(784);
    expect(a.image.reduce((s, v) => s + v, 0)).toBeGreaterThan(10);
    expect(writerVariant(one, 1, new Rng(8)).image).not.toEqual(a.image);
  });
});
