/**
 * Contour lines of a function sampled on a grid (marching squares): for each level L, every grid cell
 * whose corners straddle L contributes the segment joining the points where L is crossed on its edges
 * (found by linear interpolation). Used for the race's z = x²/10 + y² under the trajectories.
 */
export interface Grid {
  x: number[];
  y: number[];
  /** z[j][i] = f(x[i], y[j]); null where unknown. */
  z: (number | null)[][];
}

export type Segment = [[number, number], [number, number]];

export function contourSegments(grid: Grid, level: number): Segment[] {
  const segments: Segment[] = [];
  const { x, y, z } = grid;
  for (let j = 0; j + 1 < y.length; j++) {
    for (let i = 0; i + 1 < x.length; i++) {
      const corners: [number, number, number | null][] = [
        [x[i]!, y[j]!, z[j]![i]!], [x[i + 1]!, y[j]!, z[j]![i + 1]!], [x[i + 1]!, y[j + 1]!, z[j + 1]![i + 1]!], [x[i]!, y[j + 1]!, z[j + 1]![i]!],
      ];
      if (corners.some(([, , v]) => v === null)) continue;
      const crossings: [number, number][] = [];
      for (let k = 0; k < 4; k++) {
        const [ax, ay, av] = corners[k]! as [number, number, number];
        const [bx, by, bv] = corners[(k + 1) % 4]! as [number, number, number];
        if ((av < level) !== (bv < level)) {
          const t = (level - av) / (bv - av);
          crossings.push([ax + t * (bx - ax), ay + t * (by - ay)]);
        }
      }
      if (crossings.length >= 2) segments.push([crossings[0]!, crossings[1]!]);
      if (crossings.length === 4) segments.push([crossings[2]!, crossings[3]!]);
    }
  }
  return segments;
}

/** `count` levels spaced evenly on a log scale between the field's smallest positive value and its largest. */
export function contourLevels(grid: Grid, count: number): number[] {
  const values = grid.z.flat().filter((v): v is number => v !== null && v > 0);
  if (values.length === 0) return [];
  const low = Math.log(Math.max(Math.min(...values), Math.max(...values) * 1e-4));
  const high = Math.log(Math.max(...values));
  return Array.from({ length: count }, (_, k) => Math.exp(low + ((k + 1) * (high - low)) / (count + 1)));
}
