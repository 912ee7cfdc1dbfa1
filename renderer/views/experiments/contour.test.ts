/** Marching squares against a function whose contours are known: z = x² + y², level r² is the circle of radius r. */
import { describe, expect, it } from 'vitest';
import { contourLevels, contourSegments } from './contour';

const axis = (n: number) => Array.from({ length: n }, (_, i) => -2 + (4 * i) / (n - 1));

describe('contour lines', () => {
  const x = axis(81);
  const y = axis(81);
  const grid = { x, y, z: y.map((yj) => x.map((xi) => xi * xi + yj * yj)) };

  it('every point of the level-1 contour of x² + y² lies on the unit circle (up to the grid’s interpolation error)', () => {
    const segments = contourSegments(grid, 1);
    expect(segments.length).toBeGreaterThan(40);
    for (const segment of segments) for (const [px, py] of segment) expect(Math.abs(Math.hypot(px, py) - 1)).toBeLessThan(2e-3);
  });

  it('a level outside the field’s range has no contour', () => {
    expect(contourSegments(grid, 100)).toEqual([]);
  });

  it('levels lie strictly inside the field’s positive range, increasing', () => {
    const levels = contourLevels(grid, 5);
    expect(levels).toHaveLength(5);
    for (let k = 1; k < 5; k++) expect(levels[k]!).toBeGreaterThan(levels[k - 1]!);
    expect(levels[4]!).toBeLessThan(8);
  });
});
