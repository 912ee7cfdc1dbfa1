import { describe, expect, it } from 'vitest';
import { digitize } from '../../core/data/digitize.js';
import { rasteriseSegment, rasteriseStrokes } from './strokes';

describe('stroke rasterisation', () => {
  it('covers pixels within the radius fully, ramps over one pixel, leaves the rest blank', () => {
    const size = 20;
    const ink = new Float32Array(size * size);
    // Horizontal segment along y = 10 (between pixel rows 9 and 10), width 4 → radius 2.
    rasteriseSegment(ink, size, { x: 5, y: 10 }, { x: 15, y: 10 }, 4);
    // Pixel (10, 10) has its centre at (10.5, 10.5): distance 0.5 → coverage min(1, 2 + 0.5 − 0.5) = 1.
    expect(ink[10 * size + 10]).toBe(1);
    // Pixel (10, 12), centre y = 12.5: distance 2.5 → coverage 0 (just outside the ramp).
    expect(ink[12 * size + 10]).toBe(0);
    // Pixel (10, 11), centre y = 11.5: distance 1.5 → coverage 1.
    expect(ink[11 * size + 10]).toBe(1);
    // Beyond the cap: pixel (18, 10), centre (18.5, 10.5), distance to (15, 10) = hypot(3.5, 0.5) > 2.5.
    expect(ink[10 * size + 18]).toBe(0);
    // Cap corner: pixel (16, 11), centre (16.5, 11.5), distance hypot(1.5, 1.5) ≈ 2.1213 → 2.5 − 2.1213.
    expect(ink[11 * size + 16]).toBeCloseTo(2.5 - Math.hypot(1.5, 1.5), 6);
  });

  it('a single-point stroke is a dot, and overlapping strokes saturate at 1', () => {
    const ink = rasteriseStrokes([
      { width: 10, points: [{ x: 50, y: 50 }] },
      { width: 10, points: [{ x: 50, y: 50 }, { x: 52, y: 50 }] },
    ], 100);
    expect(Math.max(...ink)).toBe(1);
    expect(ink[50 * 100 + 50]).toBe(1);
    expect(ink[50 * 100 + 70]).toBe(0);
  });

  it('a drawn vertical bar becomes a 28×28 MNIST-style input with its mass at the centre', () => {
    const ink = rasteriseStrokes([{ width: 16, points: [{ x: 40, y: 30 }, { x: 40, y: 230 }] }]);
    const input = digitize(ink, 280, 280);
    expect(input).toHaveLength(784);
    let mass = 0;
    let momentX = 0;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
      mass += input[y * 28 + x]!;
      momentX += input[y * 28 + x]! * (x + 0.5);
    }
    expect(mass).toBeGreaterThan(10);
    // Drawn near the left edge of the pad, yet centred in the field (MNIST recipe), within a pixel.
    expect(Math.abs(momentX / mass - 14)).toBeLessThan(1);
  });
});
