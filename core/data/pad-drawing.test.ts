import { describe, expect, it } from 'vitest';
import { Rng } from '../random.js';
import { padRendered, padSamples, placeOnPad, type PadPlacement } from './pad-drawing.js';
import { rasteriseStrokes, type Stroke } from './strokes.js';

const PLACEMENTS: PadPlacement[] = [0.3, 0.6, 0.9].flatMap((size) => [8, 24, 44].map((pen) => ({ size, pen })));

/** A 28×28 grey image of the given strokes, drawn 2.5 px wide (an MNIST-like scan of them). */
function scan(...strokes: Array<Array<[number, number]>>): Float32Array {
  return rasteriseStrokes(strokes.map((points) => ({ width: 2.5, points: points.map(([x, y]) => ({ x, y })) })), 28);
}
const SEVEN = scan([[8, 6], [20, 6], [13, 23]]);
const ONE = scan([[14, 4], [14, 24]]);
const ZERO = scan([[14, 5], [20, 10], [20, 18], [14, 23], [8, 18], [8, 10], [14, 5]]);

describe('digits drawn on the pad', () => {
  it('places the centre lines at size·side, centred, with the pen in pad units', () => {
    // Extent max(10, 20) = 20 → scale 0.5·280 / 20 = 7; the 70 × 140 box is centred at (105, 70).
    const strokes: Stroke[] = [{ width: 2, points: [{ x: 2, y: 4 }, { x: 12, y: 24 }] }];
    const placed = placeOnPad(strokes, 280, { size: 0.5, pen: 10 });
    expect(placed).toEqual([{ width: 10, points: [{ x: 105, y: 70 }, { x: 175, y: 210 }] }]);
  });

  it('reads the same 28×28 input whatever the size and pen, as the pad recipe promises', () => {
    const inputs = PLACEMENTS.map((placement) => padRendered(SEVEN, 28, 280, placement));
    for (const input of inputs) {
      expect(input.length).toBe(784);
      let largest = 0;
      for (let i = 0; i < 784; i++) largest = Math.max(largest, Math.abs(input[i]! - inputs[0]![i]!));
      expect(largest).toBeLessThan(1e-3);
    }
    // It is a digit's input: ink inside [0, 1], a fair amount of it.
    const ink = inputs[0]!.reduce((a, b) => a + b, 0);
    expect(Math.min(...inputs[0]!)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...inputs[0]!)).toBeLessThanOrEqual(1);
    expect(ink).toBeGreaterThan(20);
  });

  it('keeps each source digit\'s label and image, in the order of the sources', () => {
    const images = new Float32Array(3 * 784);
    [SEVEN, ONE, ZERO].forEach((image, i) => images.set(image, i * 784));
    const labels = Uint8Array.from([7, 1, 0]);
    const samples = padSamples(images, labels, 28, [2, 0, 2, 1], new Rng(5), 280, PLACEMENTS);
    expect(Array.from(samples.labels)).toEqual([0, 7, 0, 1]);
    expect(samples.images.length).toBe(4 * 784);
    expect(samples.placements).toHaveLength(4);
    const sources = [ZERO, SEVEN, ZERO, ONE];
    samples.placements.forEach((placement, i) => {
      expect(PLACEMENTS).toContainEqual(placement);
      expect(Array.from(samples.images.subarray(i * 784, (i + 1) * 784))).toEqual(Array.from(padRendered(sources[i]!, 28, 280, placement)));
    });
  });

  it('draws one placement a sample from the seeded Rng: the same seed gives the same samples', () => {
    const sources = Array.from({ length: 24 }, (_, i) => i % 2);
    const images = new Float32Array(2 * 784);
    images.set(SEVEN);
    images.set(ONE, 784);
    const labels = Uint8Array.from([7, 1]);
    const first = padSamples(images, labels, 28, sources, new Rng(11), 280, PLACEMENTS);
    const again = padSamples(images, labels, 28, sources, new Rng(11), 280, PLACEMENTS);
    const other = padSamples(images, labels, 28, sources, new Rng(12), 280, PLACEMENTS);
    expect(again.placements).toEqual(first.placements);
    expect(Array.from(again.images)).toEqual(Array.from(first.images));
    expect(other.placements).not.toEqual(first.placements);
    // Rng.int(9) of a draw of 0.5 is index 4: size 0.6, pen 24.
    const half = new Rng(0);
    half.next = () => 0.5;
    expect(padSamples(images, labels, 28, [0], half, 280, PLACEMENTS).placements).toEqual([{ size: 0.6, pen: 24 }]);
  });

  it('refuses a source outside the images and an empty list of placements, naming them', () => {
    const labels = Uint8Array.from([7]);
    expect(() => padSamples(SEVEN, labels, 28, [1], new Rng(1), 280, PLACEMENTS)).toThrow(/source 1 is outside the 1 images/);
    expect(() => padSamples(SEVEN, labels, 28, [0], new Rng(1), 280, [])).toThrow(/no placement/);
  });

  it('refuses images whose size does not fit the labels, naming both', () => {
    // Two labels of 28×28 images need 2 · 784 = 1568 pixels; one image's 784 are given.
    expect(() => padSamples(SEVEN, Uint8Array.from([7, 1]), 28, [0], new Rng(1), 280, PLACEMENTS)).toThrow(/2 labels need 1568 pixels of 28×28 images, got 784/);
  });
});
