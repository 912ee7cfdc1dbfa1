import { describe, expect, it } from 'vitest';
import { digitize, inkBoundingBox, rgbaToInk, MNIST_SIDE } from './digitize.js';

/** width × height image with ink 1 on [left, left+w) × [top, top+h). */
function rectangle(width: number, height: number, left: number, top: number, w: number, h: number, ink = 1): Float32Array {
  const image = new Float32Array(width * height);
  for (let y = top; y < top + h; y++) for (let x = left; x < left + w; x++) image[y * width + x] = ink;
  return image;
}

function inkBox(field: Float32Array) {
  return inkBoundingBox(field, MNIST_SIDE, MNIST_SIDE, 0);
}

function centreOfMass(field: Float32Array): [number, number] {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < MNIST_SIDE; y++) {
    for (let x = 0; x < MNIST_SIDE; x++) {
      const v = field[y * MNIST_SIDE + x]!;
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  return [mx / mass, my / mass];
}

describe('digitize (MNIST recipe)', () => {
  it('scales a 12×40 rectangle to 6×20 and centres its mass on pixel (14, 14)', () => {
    const field = digitize(rectangle(100, 100, 30, 7, 12, 40), 100, 100);
    // 20/40 = 0.5: 12 → 6 wide, 40 → 20 tall; centre of mass at index (2.5, 9.5) in the box; the shift
    // to (14, 14) is round(11.5) = 12 columns and round(4.5) = 5 rows (halves round up).
    expect(inkBox(field)).toEqual({ left: 12, top: 5, width: 6, height: 20 });
    expect(centreOfMass(field)).toEqual([14.5, 14.5]);
    let total = 0;
    for (const v of field) total += v;
    expect(total).toBeCloseTo(6 * 20, 4);
    expect(Math.max(...field)).toBe(1);
  });

  it('keeps the aspect ratio of a wide shape (60×30 → 20×10)', () => {
    const field = digitize(rectangle(80, 50, 5, 10, 60, 30), 80, 50);
    const box = inkBox(field);
    expect([box.width, box.height]).toEqual([20, 10]);
    // Centre of mass (9.5, 4.5) → shift round(4.5) = 5, round(9.5) = 10.
    expect([box.left, box.top]).toEqual([5, 10]);
  });

  it('enlarges a small shape so its longer side is 20 px', () => {
    const field = digitize(rectangle(10, 10, 3, 2, 2, 4), 10, 10);
    const box = inkBox(field);
    expect([box.width, box.height]).toEqual([10, 20]);
  });

  it('clips what the centring shift pushes out of the field', () => {
    // A 20×20 box whose ink is all in its first row and column except one heavy corner: the mass sits
    // near (1, 1), so the shift of ~13 px pushes most of the box past the right and bottom edges.
    const image = new Float32Array(20 * 20);
    for (let i = 0; i < 20; i++) image[i] = image[i * 20] = 1;
    image[1 * 20 + 1] = 1;
    image[19 * 20 + 19] = 0.06;
    const field = digitize(image, 20, 20);
    expect(field.length).toBe(784);
    const box = inkBox(field);
    expect(box.left + box.width).toBe(28);
    expect(box.top + box.height).toBe(28);
    expect(box.width).toBeLessThan(20);
  });

  it('area-averages: a 40×40 checkerboard becomes uniform grey 0.5', () => {
    const image = new Float32Array(40 * 40);
    for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) image[y * 40 + x] = (x + y) % 2 === 0 ? 1 : 0;
    const field = digitize(image, 40, 40);
    // Each output pixel covers one 2×2 block holding two ink pixels.
    const inside = [...field].filter((v) => v > 0);
    expect(inside.length).toBe(400);
    for (const v of inside) expect(v).toBeCloseTo(0.5, 6);
  });

  it('gives anti-aliased grey levels for a stroke thinner than the scale step', () => {
    // A 1-px vertical line, 3 px from a 1-px dot, in a 40-tall box: scale 0.5, each output column covers
    // two source columns, so the line's column carries 0.5.
    const image = new Float32Array(50 * 50);
    for (let y = 5; y < 45; y++) image[y * 50 + 10] = 1;
    image[5 * 50 + 13] = 1;
    const field = digitize(image, 50, 50);
    const values = new Set([...field].filter((v) => v > 0).map((v) => Math.round(v * 1000) / 1000));
    expect(values.has(0.5)).toBe(true);
    expect(Math.max(...field)).toBeLessThan(1);
  });

  it('scales ink to [0, 1] whatever the input scale (0..255 bytes)', () => {
    const field = digitize(rectangle(30, 30, 5, 5, 20, 20, 255), 30, 30);
    expect(Math.max(...field)).toBe(1);
    expect(Math.min(...field)).toBe(0);
  });

  it('returns zeros for a blank image', () => {
    const field = digitize(new Float32Array(64 * 48), 64, 48);
    expect(field.length).toBe(784);
    expect(field.every((v) => v === 0)).toBe(true);
  });

  it('rejects a buffer whose size does not match width × height', () => {
    expect(() => digitize(new Float32Array(10), 4, 4)).toThrow(/10 values but 4×4 needs 16/);
  });
});

function rgba(width: number, height: number, paint: (x: number, y: number) => [number, number, number, number]): Uint8Array {
  const bytes = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) bytes.set(paint(x, y), (y * width + x) * 4);
  return bytes;
}

describe('rgbaToInk', () => {
  const inStroke = (x: number, y: number) => x >= 3 && x < 5 && y >= 2 && y < 8;

  it('inverts dark ink on a white page', () => {
    const grey = rgbaToInk(rgba(10, 10, (x, y) => (inStroke(x, y) ? [0, 0, 0, 255] : [255, 255, 255, 255])), 10, 10);
    expect(grey[2 * 10 + 3]).toBe(1);
    expect(grey[0]).toBe(0);
  });

  it('keeps light ink on a black page', () => {
    const grey = rgbaToInk(rgba(10, 10, (x, y) => (inStroke(x, y) ? [255, 255, 255, 255] : [0, 0, 0, 255])), 10, 10);
    expect(grey[2 * 10 + 3]).toBe(1);
    expect(grey[0]).toBe(0);
  });

  it('reads black strokes on a transparent canvas as ink', () => {
    const grey = rgbaToInk(rgba(10, 10, (x, y) => (inStroke(x, y) ? [0, 0, 0, 255] : [0, 0, 0, 0])), 10, 10);
    expect(grey[2 * 10 + 3]).toBe(1);
    expect(grey[0]).toBe(0);
  });

  it('reads white strokes on a transparent canvas as ink', () => {
    const grey = rgbaToInk(rgba(10, 10, (x, y) => (inStroke(x, y) ? [255, 255, 255, 255] : [255, 255, 255, 0])), 10, 10);
    expect(grey[2 * 10 + 3]).toBe(1);
    expect(grey[0]).toBe(0);
  });

  it('stretches a mid-grey stroke on a light-grey page to full contrast', () => {
    // Luminance 200/255 page, 100/255 stroke: ink 1 − Y = 0.216 and 0.608 → stretched to 0 and 1.
    const grey = rgbaToInk(rgba(10, 10, (x, y) => (inStroke(x, y) ? [100, 100, 100, 255] : [200, 200, 200, 255])), 10, 10);
    expect(grey[2 * 10 + 3]).toBeCloseTo(1, 6);
    expect(grey[0]).toBeCloseTo(0, 6);
  });

  it('returns zeros for a blank image without dividing by zero', () => {
    for (const colour of [[255, 255, 255, 255], [0, 0, 0, 255], [0, 0, 0, 0], [128, 30, 200, 255]] as const) {
      const grey = rgbaToInk(rgba(6, 5, () => [...colour]), 6, 5);
      expect(grey.every((v) => v === 0)).toBe(true);
    }
  });
});
