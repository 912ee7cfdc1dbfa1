/**
 * The geometry block a convolution kernel of the module reads (assembly/conv.ts's indices N … WO, then
 * COLUMNS: the byte offset of the batch's kept column matrices, 0 when there are none).
 */
import type { Conv2dGeometry } from '../kernels.js';

export function geometryInts(g: Conv2dGeometry, columnsAt = 0): number[] {
  return [
    g.batch, g.inChannels, g.inHeight, g.inWidth, g.outChannels, g.kernelHeight, g.kernelWidth,
    g.strideHeight, g.strideWidth, g.padHeight, g.padWidth, g.outHeight, g.outWidth, columnsAt,
  ];
}
