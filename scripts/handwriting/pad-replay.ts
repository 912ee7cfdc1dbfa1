/**
 * Traced strokes replayed as if drawn on the pad: the stroke test's sizes and pen widths (stroke-test.ts)
 * and the robust cnn-best's pad-rendered training and validation digits (robust-cnn-best.ts,
 * robust-soup.ts) draw digits the same way, through core/data/pad-drawing.ts.
 */
import { placeOnPad, type PadPlacement, type Stroke } from '@backprop-lab/core';

/** The pad's side in its own units. */
export const PAD = 280;
/** Centre-line extents of a drawn digit, as shares of the pad. */
export const PAD_SIZES = [0.3, 0.6, 0.9];
/** Pen widths in pad units. */
export const PAD_PENS = [8, 24, 44];
/** Every size with every pen: the stroke test's nine ways of drawing a digit. */
export const PAD_PLACEMENTS: readonly PadPlacement[] = PAD_SIZES.flatMap((size) => PAD_PENS.map((pen) => ({ size, pen })));

/** Strokes in 28-px units → on the pad: centre-line extent `size`·PAD, centred, pen `pen`. */
export const onPad = (strokes: Stroke[], size: number, pen: number): Stroke[] => placeOnPad(strokes, PAD, { size, pen });
