import { describe, expect, it } from 'vitest';
import { rasteriseStrokes, type Point } from './strokes.js';
import { traceStrokes } from './trace.js';

function distanceToPolyline(p: Point, line: readonly Point[]): number {
  let best = Infinity;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(p.x - a.x - t * dx, p.y - a.y - t * dy));
  }
  return best;
}

describe('traceStrokes (image → strokes)', () => {
  it('traces an "L" drawn 3 px wide back to its centre line, end to end', () => {
    const line = [{ x: 8, y: 5 }, { x: 8, y: 22 }, { x: 20, y: 22 }];
    const image = rasteriseStrokes([{ width: 3, points: line }], 28);
    const strokes = traceStrokes(image, 28, 28);
    const points = strokes.flatMap((s) => s.points);
    expect(points.length).toBeGreaterThan(10);
    for (const p of points) expect(distanceToPolyline(p, line)).toBeLessThan(0.8);
    // Thinning eats about half a pen width at each free end.
    const nearest = (q: Point) => Math.min(...points.map((p) => Math.hypot(p.x - q.x, p.y - q.y)));
    expect(nearest(line[0]!)).toBeLessThan(2);
    expect(nearest(line[2]!)).toBeLessThan(2);
    expect(nearest(line[1]!)).toBeLessThan(1);
  });

  it('traces a ring as one closed path and a blank image as nothing', () => {
    const ring = Array.from({ length: 41 }, (_, i) => ({ x: 14 + 8 * Math.cos((i / 40) * 2 * Math.PI), y: 14 + 8 * Math.sin((i / 40) * 2 * Math.PI) }));
    const strokes = traceStrokes(rasteriseStrokes([{ width: 3, points: ring }], 28), 28, 28);
    expect(strokes).toHaveLength(1);
    const path = strokes[0]!.points;
    expect(Math.hypot(path[0]!.x - path.at(-1)!.x, path[0]!.y - path.at(-1)!.y)).toBeLessThan(1);
    for (const p of path) expect(Math.abs(Math.hypot(p.x - 14, p.y - 14) - 8)).toBeLessThan(0.8);
    expect(traceStrokes(new Float32Array(784), 28, 28)).toEqual([]);
  });

  it('gives each stroke the width of the ink it traces, so the strokes redraw the digit in place', () => {
    const diagonal = [{ x: 6, y: 6 }, { x: 21, y: 21 }];
    const ell = [{ x: 8, y: 5 }, { x: 8, y: 22 }, { x: 20, y: 22 }];
    for (const pen of [2, 3, 5]) {
      for (const line of [diagonal, ell]) {
        const image = rasteriseStrokes([{ width: pen, points: line }], 28);
        const strokes = traceStrokes(image, 28, 28);
        // The drawn pen, within a quarter of an enlarged pixel and the chamfer's error along a diagonal.
        for (const stroke of strokes) expect(Math.abs(stroke.width - pen)).toBeLessThan(0.2);
      }
      // The diagonal has no corner for thinning to round: its redraw covers the same pixels (ink ≥ ½).
      const image = rasteriseStrokes([{ width: pen, points: diagonal }], 28);
      const redrawn = rasteriseStrokes(traceStrokes(image, 28, 28), 28);
      let both = 0;
      let either = 0;
      for (let i = 0; i < 784; i++) {
        if (image[i]! >= 0.5 && redrawn[i]! >= 0.5) both++;
        if (image[i]! >= 0.5 || redrawn[i]! >= 0.5) either++;
      }
      expect(both / either).toBeGreaterThan(0.95);
    }
    expect(traceStrokes(rasteriseStrokes([{ width: 3, points: ell }], 28), 28, 28, 7).map((s) => s.width)).toEqual([7]);
  });
});
