/**
 * Hand-drawn digits as strokes in a unit box (x right, y down), replayed with the mouse at a chosen
 * size and place on the pad, the way a user would draw them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';

type Point = [number, number];
export type Strokes = Point[][];

export const seven: Strokes = [
  [[0.12, 0.08], [0.5, 0.07], [0.88, 0.08]],
  [[0.88, 0.08], [0.7, 0.4], [0.55, 0.7], [0.45, 0.95]],
];

export const three: Strokes = [[
  [0.18, 0.18], [0.35, 0.05], [0.62, 0.04], [0.8, 0.16], [0.78, 0.34], [0.58, 0.46], [0.42, 0.48],
  [0.62, 0.52], [0.82, 0.64], [0.84, 0.82], [0.66, 0.95], [0.4, 0.96], [0.16, 0.84],
]];

/** Where to draw: the digit's box as fractions of the pad (left, top, height; width is height × 0.75). */
export interface Placement {
  left: number;
  top: number;
  height: number;
}

/** The share of the pad's width kept free at its right edge when a wide digit is fitted. */
const PAD_MARGIN = 0.02;

/** Linear interpolation so each stroke arrives as many small mouse moves, like a real drag. */
function densify(points: Point[], stepsPerSegment = 8): Point[] {
  const dense: Point[] = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    for (let s = 1; s <= stepsPerSegment; s++) dense.push([x0 + ((x1 - x0) * s) / stepsPerSegment, y0 + ((y1 - y0) * s) / stepsPerSegment]);
  }
  return dense;
}

/** `stepsPerSegment`: mouse moves between two given points (fewer: a quicker, straighter drawing). */
export async function drawDigit(page: Page, pad: Locator, strokes: Strokes, placement: Placement, stepsPerSegment = 8): Promise<void> {
  // The mouse acts on the viewport: a pad scrolled out of it (below a long panel) would get no strokes.
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  if (!box) throw new Error('the pad is not visible');
  // Traced digits can reach past their unit box to the right (a 5's flag up to x ≈ 1.5): such a digit is
  // drawn smaller so that all of it lands on the pad, since a press off the pad draws nothing.
  const widest = Math.max(1, ...strokes.flat().map(([x]) => x));
  const room = (1 - PAD_MARGIN - placement.left) * box.width;
  const fit = Math.min(1, room / (widest * placement.height * box.height * 0.75));
  const height = placement.height * box.height * fit;
  const width = height * 0.75;
  const toPage = ([x, y]: Point) => [box.x + placement.left * box.width + x * width, box.y + placement.top * box.height + y * height] as const;
  for (const stroke of strokes) {
    const points = densify(stroke, stepsPerSegment).map(toPage);
    await page.mouse.move(...points[0]!);
    await page.mouse.down();
    for (const point of points.slice(1)) await page.mouse.move(...point);
    await page.mouse.up();
  }
}

/** Digits of MNIST's test set traced into strokes (e2e/mnist-strokes.json, made by mnist-strokes.make.ts): real handwriting. */
export interface MnistDigit {
  /** Index in MNIST's test set. */
  index: number;
  label: number;
  strokes: Strokes;
}

export const mnistDigits: readonly MnistDigit[] = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'mnist-strokes.json'), 'utf8')) as { digits: MnistDigit[] }
).digits;
