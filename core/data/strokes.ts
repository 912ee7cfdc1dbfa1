/**
 * Pen strokes → a 28×28 MNIST-style sample, with the pen scaled to the digit as MNIST's scans were.
 *
 * A stroke is a polyline of round-capped segments of radius r = width / 2; a pixel's ink is its coverage
 * by the nearest segment,
 *   ink(p) = clamp(r + ½ − dist(p, segment), 0, 1),
 * a one-pixel linear ramp at the edge (anti-aliasing), combined across segments by max so that
 * overlapping strokes do not darken past 1.
 *
 * `strokesToDigit` keeps only the pen's PATH from the drawing: the centre lines are scaled so that the
 * inked box's longer side is DIGIT_BOX_SIDE px and redrawn with a pen DIGIT_PEN_WIDTH px wide in that
 * box, at SUPERSAMPLING× resolution; `digitize` then crops, area-averages down and centres by mass. So a
 * digit drawn small with a wide pen and the same digit drawn large with a thin pen give the same input
 * (before, the pen stayed fixed in pad units and a small "2" drawn with a wide pen became a blob read as
 * "8"). The strokes' own widths are used only by `strokesVerdict`: a drawing whose centre lines span
 * less than its pen width is a dot, not a digit.
 */
import { digitize, DIGIT_BOX_SIDE } from './digitize.js';

export interface Point {
  x: number;
  y: number;
}

export interface Stroke {
  /** Line width in the drawing's own units (pad units on the pad). */
  width: number;
  points: Point[];
}

/**
 * Pen width in pixels of the 28×28 field. Chosen so that MNIST test digits traced into strokes and
 * redrawn by this recipe carry the same mean ink as the originals (scripts/handwriting/stroke-test.ts
 * prints both: on the first 500, 2.3 px gives 89.2, 2.6 px 99.5, the originals 94.5).
 */
export const DIGIT_PEN_WIDTH = 2.5;
/** Drawing resolution before area averaging: enough for a smooth stroke edge at the 28×28 scale. */
const SUPERSAMPLING = 4;

function distanceToSegment(px: number, py: number, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / lengthSquared));
  return Math.hypot(px - (a.x + t * dx), py - (a.y + t * dy));
}

/** Adds one round-capped segment of the given width to `ink` (width × height, row-major), in place. */
export function rasteriseSegment(ink: Float32Array, size: number, a: Point, b: Point, width: number, height = size): void {
  const radius = width / 2;
  const reach = radius + 1;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(a.x, b.x) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + reach));
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

/** The ink field (size × size) of all strokes at their own widths: what the drawing looks like. */
export function rasteriseStrokes(strokes: readonly Stroke[], size: number): Float32Array {
  const ink = new Float32Array(size * size);
  for (const stroke of strokes) drawStroke(ink, size, size, stroke.points, stroke.width, (p) => p);
  return ink;
}

function drawStroke(ink: Float32Array, width: number, height: number, points: readonly Point[], pen: number, map: (p: Point) => Point) {
  for (let i = 0; i < points.length; i++) {
    rasteriseSegment(ink, width, map(points[i - 1] ?? points[i]!), map(points[i]!), pen, height);
  }
}

export interface CentreLineBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Bounding box of the strokes' points (centre lines, pen excluded); null when there are none. */
export function centreLineBox(strokes: readonly Stroke[]): CentreLineBox | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const stroke of strokes) {
    for (const { x, y } of stroke.points) {
      left = Math.min(left, x);
      right = Math.max(right, x);
      top = Math.min(top, y);
      bottom = Math.max(bottom, y);
    }
  }
  if (left === Infinity) return null;
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * The 28×28 input for a drawing: its centre lines redrawn with a pen DIGIT_PEN_WIDTH px wide in the
 * 20 px box (see the header), then the MNIST recipe. `penWidth` (px of the 28×28 field) varies the
 * thickness for augmentation. All zeros for no strokes. A drawing without extent
 * (one click) is a single dot of that pen; `strokesVerdict` refuses it.
 */
export function strokesToDigit(strokes: readonly Stroke[], penWidth = DIGIT_PEN_WIDTH): Float32Array {
  const box = centreLineBox(strokes);
  if (!box) return digitize(new Float32Array(1), 1, 1);
  const pen = penWidth * SUPERSAMPLING;
  const target = DIGIT_BOX_SIDE * SUPERSAMPLING;
  const extent = Math.max(box.width, box.height);
  // The inked box is extent·scale + pen; make its longer side the 20 px box.
  const scale = extent > 0 ? (target - pen) / extent : 1;
  const margin = Math.ceil(pen / 2) + 2;
  const width = Math.ceil(box.width * scale) + 2 * margin;
  const height = Math.ceil(box.height * scale) + 2 * margin;
  const ink = new Float32Array(width * height);
  const map = (p: Point): Point => ({ x: (p.x - box.left) * scale + margin, y: (p.y - box.top) * scale + margin });
  for (const stroke of strokes) drawStroke(ink, width, height, stroke.points, pen, map);
  return digitize(ink, width, height);
}

export type StrokesVerdict = 'digit' | 'blank' | 'dot';

/**
 * Whether strokes can be a digit at all: 'blank' without any point, 'dot' when the centre lines span
 * less than the widest pen used (a click, or a blob scrubbed in one place: nothing a digit's shape
 * could be read from). Scribbles are left to `inkVerdict` on the 28×28 result.
 */
export function strokesVerdict(strokes: readonly Stroke[]): StrokesVerdict {
  const box = centreLineBox(strokes);
  if (!box) return 'blank';
  const pen = Math.max(...strokes.map((s) => s.width));
  return Math.max(box.width, box.height) < pen ? 'dot' : 'digit';
}
