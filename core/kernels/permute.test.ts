/** permute3 against index arithmetic written out by hand for every axis order. */
import { describe, expect, it } from 'vitest';
import { permute3 } from './permute.js';

describe('permute3', () => {
  const shape = [2, 3, 5] as const;
  const src = Float32Array.from({ length: 30 }, (_, i) => i);
  const index = (a: number, b: number, c: number) => (a * 3 + b) * 5 + c;

  it.each([
    [[0, 1, 2]], [[0, 2, 1]], [[1, 0, 2]], [[1, 2, 0]], [[2, 0, 1]], [[2, 1, 0]],
  ] as const)('order %j moves src[a, b, c] to the permuted position', (order) => {
    const out = permute3(src, shape, order);
    const outShape = order.map((axis) => shape[axis]!);
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 3; b++) {
        for (let c = 0; c < 5; c++) {
          const position = [a, b, c];
          const [p0, p1, p2] = order.map((axis) => position[axis]!) as [number, number, number];
          expect(out[(p0 * outShape[1]! + p1) * outShape[2]! + p2]).toBe(index(a, b, c));
        }
      }
    }
  });

  it('turns NCHW into NHWC: the channel becomes the fastest axis', () => {
    // One image, 2 channels, 2 pixels: [[1, 2], [3, 4]] (channel-major) → [[1, 3], [2, 4]] (pixel-major).
    expect(Array.from(permute3(Float32Array.of(1, 2, 3, 4), [1, 2, 2], [0, 2, 1]))).toEqual([1, 3, 2, 4]);
  });

  it('returns the source itself when only axes of size 1 move (one channel, NCHW → NHWC)', () => {
    const one = Float32Array.of(1, 2, 3, 4);
    expect(permute3(one, [2, 1, 2], [0, 2, 1])).toBe(one);
    expect(permute3(one, [1, 2, 2], [0, 2, 1])).not.toBe(one);
  });
});
