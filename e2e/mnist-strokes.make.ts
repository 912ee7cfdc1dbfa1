/**
 * Writes e2e/mnist-strokes.json: the first PER_CLASS digits of each class in MNIST's TEST set, traced
 * into pen strokes (core/data/trace.ts) and scaled into the unit box `drawDigit` replays on the pad
 * (y from 0 to 1 over the digit's height, x in the same units divided by the box's 0.75 aspect), so
 * the e2e specs draw real handwriting, not shapes made up for the test. Each digit keeps its MNIST
 * test index. Rerun after changing the tracer:
 *
 *   npx tsx e2e/mnist-strokes.make.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { centreLineBox, traceStrokes, type Point } from '@backprop-lab/core';
import { loadMnist } from '../main/datasets/mnist.js';

const PER_CLASS = 3;
/** Ramer–Douglas–Peucker tolerance and the shortest stroke kept, in pixels of the 28×28 field: fewer
 * mouse moves per digit (each is a round trip to the page), the shape within half a pixel. */
const TOLERANCE = 0.5;
const SHORTEST = 2;
/** Drawn boxes are 0.75 as wide as high (e2e/digits.ts). */
const ASPECT = 0.75;
const round = (v: number) => Math.round(v * 1000) / 1000;

function simplify(points: readonly Point[]): Point[] {
  if (points.length <= 2) return [...points];
  const [a, b] = [points[0]!, points[points.length - 1]!];
  const length = Math.hypot(b.x - a.x, b.y - a.y);
  let far = 0;
  let farthest = 0;
  points.forEach((p, i) => {
    const distance = length === 0
      ? Math.hypot(p.x - a.x, p.y - a.y)
      : Math.abs((b.x - a.x) * (a.y - p.y) - (a.x - p.x) * (b.y - a.y)) / length;
    if (distance > farthest) [far, farthest] = [i, distance];
  });
  if (farthest <= TOLERANCE) return [a, b];
  return [...simplify(points.slice(0, far + 1)).slice(0, -1), ...simplify(points.slice(far))];
}

const strokeLength = (points: readonly Point[]) => points.slice(1).reduce((sum, p, i) => sum + Math.hypot(p.x - points[i]!.x, p.y - points[i]!.y), 0);

const test = await loadMnist('test');
const digits: Array<{ index: number; label: number; strokes: number[][][] }> = [];
for (let label = 0; label < 10; label++) {
  let found = 0;
  for (let index = 0; index < test.count && found < PER_CLASS; index++) {
    if (test.labels[index] !== label) continue;
    const strokes = traceStrokes(test.images.subarray(index * 784, (index + 1) * 784), 28, 28);
    const box = centreLineBox(strokes)!;
    const height = Math.max(box.height, 1e-6);
    digits.push({
      index, label,
      strokes: strokes.filter((s) => strokeLength(s.points) >= SHORTEST).map((s) => simplify(s.points)
        .map((p) => [round((p.x - box.left) / height / ASPECT), round((p.y - box.top) / height)])),
    });
    found++;
  }
}
writeFileSync(join(import.meta.dirname, 'mnist-strokes.json'), `${JSON.stringify({ source: 'MNIST test set, traced by core/data/trace.ts', digits })}\n`);
console.log(`e2e/mnist-strokes.json: ${digits.length} digits`);
