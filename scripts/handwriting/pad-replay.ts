/**
 * Traced strokes replayed as if drawn on the pad: the stroke test's sizes and pen widths (stroke-test.ts)
 * and the robust cnn-best's validation on pad input (robust-soup.ts) draw digits the same way.
 */
import type { Stroke } from '@backprop-lab/core';

/** The pad's side in its own units. */
export const PAD = 280;
/** Centre-line extents of a drawn digit, as shares of the pad. */
export const PAD_SIZES = [0.3, 0.6, 0.9];
/** Pen widths in pad units. */
export const PAD_PENS = [8, 24, 44];

/** Strokes in 28-px units → on the pad: centre-line extent `size`·PAD, centred, pen `pen`. */
export function onPad(strokes: Stroke[], size: number, pen: number): Stroke[] {
  const points = strokes.flatMap((s) => s.points);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  const extent = Math.max(Math.max(...xs) - left, Math.max(...ys) - top, 1e-6);
  const scale = (size * PAD) / extent;
  const offsetX = (PAD - (Math.max(...xs) - left) * scale) / 2;
  const offsetY = (PAD - (Math.max(...ys) - top) * scale) / 2;
  return strokes.map((s) => ({ width: pen, points: s.points.map((p) => ({ x: (p.x - left) * scale + offsetX, y: (p.y - top) * scale + offsetY })) }));
}
