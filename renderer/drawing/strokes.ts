/**
 * Strokes on the drawing pad and their rasterisation into an ink field (1 = ink, 0 = paper), the input
 * of the MNIST recipe in core/data/digitize.ts. A stroke is a polyline of round-capped segments of
 * radius r = width / 2; a pixel's ink is its coverage by the nearest segment,
 *   ink(p) = clamp(r + ½ − dist(p, segment), 0, 1),
 * a one-pixel linear ramp at the edge (anti-aliasing), combined across segments by max so that
 * overlapping strokes do not darken past 1. Rasterised in plain TypeScript so the model's input does not
 * depend on a canvas implementation.
 */

/** Side of the square pad in pad units; pointer positions are scaled to it whatever its size on screen. */
export const PAD_SIZE = 280;

export interface Point {
  x: number;
  y: number;
}

export interface Stroke {
  /** Line width in pad units. */
  width: number;
  points: Point[];
}

/** An empty ink field of PAD_SIZE × PAD_SIZE, row-major. */
export function emptyInk(size = PAD_SIZE): Float32Array {
  return new Float32Array(size * size);
}

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** Adds one round-capped segment of the given width to `ink` (size × size), in place. */
export function rasteriseSegment(ink: Float32Array, size: number, a: Point, b: Point, width: number): void {
  const radius = width / 2;
  const reach = radius + 1;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(a.x, b.x) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(a.y, b.y) + reach));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Pixel (x, y) covers [x, x+1) × [y, y+1); its centre is what is measured.
      const coverage = radius + 0.5 - distanceToSegment(x + 0.5, y + 0.5, a, b);
      if (coverage <= 0) continue;
      const index = y * size + x;
      const value = Math.min(1, coverage);
      if (value > ink[index]!) ink[index] = value;
    }
  }
}

/** Adds the segment ending at the stroke's point `index` (a dot for its first point). */
export function rasteriseStrokePoint(ink: Float32Array, size: number, stroke: Stroke, index: number): void {
  const point = stroke.points[index];
  if (!point) return;
  const previous = stroke.points[index - 1] ?? point;
  rasteriseSegment(ink, size, previous, point, stroke.width);
}

/** The ink field of all strokes. */
export function rasteriseStrokes(strokes: readonly Stroke[], size = PAD_SIZE): Float32Array {
  const ink = emptyInk(size);
  for (const stroke of strokes) {
    for (let index = 0; index < stroke.points.length; index++) rasteriseStrokePoint(ink, size, stroke, index);
  }
  return ink;
}
