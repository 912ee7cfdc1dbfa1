import { describe, expect, it } from 'vitest';
import { digitize, inkBoundingBox } from './digitize.js';
import { DIGIT_PEN_WIDTH, rasteriseSegment, rasteriseStrokes, strokesToDigit, strokesVerdict, type Stroke } from './strokes.js';

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
    const ink = rasteriseStrokes([{ width: 16, points: [{ x: 40, y: 30 }, { x: 40, y: 230 }] }], 280);
    const input = digitize(ink, 280, 280);
    let mass = 0;
    let momentX = 0;
    for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
      mass += input[y * 28 + x]!;
      momentX += input[y * 28 + x]! * (x + 0.5);
    }
    expect(mass).toBeGreaterThan(10);
    expect(Math.abs(momentX / mass - 14)).toBeLessThan(1);
  });
});

/** A "7": top bar and a diagonal, in any units; scaled by `size` and moved by (dx, dy). */
function seven(size: number, pen: number, dx = 0, dy = 0): Stroke[] {
  const at = (x: number, y: number) => ({ x: dx + x * size, y: dy + y * size });
  return [{ width: pen, points: [at(0.1, 0.1), at(0.6, 0.1), at(0.35, 0.9)] }];
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

describe('strokesToDigit (the pad recipe: the pen scaled to the digit)', () => {
  it('gives the same input whatever the drawing size, pen width and place', () => {
    const reference = strokesToDigit(seven(100, 24, 90, 90));
    for (const [size, pen, dx, dy] of [[40, 44, 10, 200], [250, 8, 5, 5], [100, 2, 90, 90]] as const) {
      const input = strokesToDigit(seven(size, pen, dx, dy));
      let largest = 0;
      for (let i = 0; i < 784; i++) largest = Math.max(largest, Math.abs(input[i]! - reference[i]!));
      // Same shape up to the scale of float rounding in the pixel grid.
      expect(largest).toBeLessThan(1e-4);
    }
  });

  it('fits the inked box (pen included) to 20 px on the longer side', () => {
    const input = strokesToDigit(seven(100, 24));
    const box = inkBoundingBox(input, 28, 28, 0);
    // The 7 is 0.5 wide and 0.8 tall: tall side 20 px (an edge pixel may catch a sliver of ramp).
    expect(box.height).toBeGreaterThanOrEqual(20);
    expect(box.height).toBeLessThanOrEqual(21);
  });

  it('draws with a pen DIGIT_PEN_WIDTH px wide: a square outline carries its exact area', () => {
    const corners = [[30, 30], [230, 30], [230, 230], [30, 230], [30, 30]] as const;
    const input = strokesToDigit([{ width: 30, points: corners.map(([x, y]) => ({ x, y })) }]);
    // The inked square is 20 px a side (pen included); ink = outer square with round outer corners
    // minus the hole: 20² − (4 − π)(pen/2)² − (20 − 2·pen)².
    const pen = DIGIT_PEN_WIDTH;
    expect(sum(input)).toBeCloseTo(20 ** 2 - (4 - Math.PI) * (pen / 2) ** 2 - (20 - 2 * pen) ** 2, 0);
  });

  it('is all zeros without strokes', () => {
    expect(sum(strokesToDigit([]))).toBe(0);
  });
});

describe('strokesVerdict', () => {
  it('a click, or a wiggle inside the pen, is a dot; no stroke is blank; a drawn line is a digit candidate', () => {
    expect(strokesVerdict([])).toBe('blank');
    expect(strokesVerdict([{ width: 24, points: [{ x: 100, y: 100 }] }])).toBe('dot');
    expect(strokesVerdict([{ width: 24, points: [{ x: 100, y: 100 }, { x: 110, y: 112 }, { x: 96, y: 104 }] }])).toBe('dot');
    expect(strokesVerdict([{ width: 24, points: [{ x: 100, y: 40 }, { x: 100, y: 240 }] }])).toBe('digit');
  });
});
