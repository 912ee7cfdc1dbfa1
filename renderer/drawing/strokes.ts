/**
 * The pad's coordinates. Strokes are kept in pad units, whatever the pad's size on screen; their
 * geometry and the recipe that turns them into the model's 28×28 input (the pen's path redrawn with a
 * pen scaled to the digit, then the MNIST recipe) are core's (`core/data/strokes.ts`), so the CLI, the
 * personal handwriting set and the stroke test share one recipe with the pad.
 */
export type { Point, Stroke } from '@backprop-lab/core';

/** Side of the square pad in pad units; pointer positions are scaled to it whatever its size on screen. */
export const PAD_SIZE = 280;
