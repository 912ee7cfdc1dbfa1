/**
 * Averaged readings tried against the pad's single one, on the stroke test's digits (MNIST test digits
 * traced into strokes, core/data/trace.ts, through the pad's recipe at its own pen; the nine sizes and
 * pens of stroke-test.ts give the same inputs): the mean of the model's softmax over
 *   --pens 2,2.5,3        the strokes redrawn at these pens (px of the 28×28 field);
 *   --views shifts        the input and its copies one pixel left, right, up, down (also on the images);
 *   --views shifts8       the input and its 8 one-pixel shifts; --views dilate: it and a soft dilation;
 *   --strokeviews rotate  the strokes turned 0 and ±8° about the field's centre (aspect: x scaled 1, 0.85,
 *                         1.15; both: the five; --then shifts: each of them shifted too).
 * Each line counts the digits lost and gained against the single reading. --sheet FILE.png draws each
 * digit the pad loses: the original, its strokes redrawn in place at their own widths (the tracing
 * alone), and the pad's input.
 *
 *   nice -n 10 npx tsx scripts/handwriting/pad-reading-trials.ts [--count 2000] [--model FILE] [--sheet FILE]
 *     [--pens …] [--views …] [--strokeviews …]
 */
import { writeFileSync } from 'node:fs';
import { encode } from 'fast-png';
import {
  argmaxRow, rasteriseStrokes, selectKernels, strokesToDigit, traceStrokes, type Stroke,
} from '@backprop-lab/core';
import { loadMnist } from '../../main/datasets/mnist.js';
import { loadModelFile } from '../../main/cli/model-file.js';
import { choiceFlag, choicesFlag, numberFlag, numbersFlag, textFlag } from './flags.js';
import { outputsOf } from './writers.js';

const VIEW_SETS = ['shifts', 'dilate', 'shifts8'] as const;
const STROKE_VIEWS = ['rotate', 'aspect', 'both'] as const;
const count = numberFlag('count', 2000, 1, 10000, true);
const modelPath = textFlag('model', 'resources/models/cnn-best.bplab');
const sheet = textFlag('sheet', '');
const penList = numbersFlag('pens', [], 0.5, 10);
const viewNames = choicesFlag('views', VIEW_SETS);
const strokeViewNames = choicesFlag('strokeviews', STROKE_VIEWS);
const thenName = choiceFlag('then', VIEW_SETS, undefined);
const test = await loadMnist('test');

const loaded = loadModelFile(modelPath, await selectKernels('auto'));
const probabilities = (inputs: Float32Array[]) => outputsOf(loaded, inputs);
const right = (p: Float32Array, labels: number[]) => labels.map((label, i) => (argmaxRow(p, i, 10) === label ? 1 : 0));
const pct = (r: number[]) => `${(100 * r.reduce((a: number, b) => a + b, 0) / r.length).toFixed(2)}%`;


function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i]! >= 0.5;
    const q = b[i]! >= 0.5;
    if (p && q) both++;
    if (p || q) either++;
  }
  return either === 0 ? 1 : both / either;
}

const started = process.cpuUsage();
const labels: number[] = [];
const originals: Float32Array[] = [];
const traces: Stroke[][] = [];
for (let i = 0; i < count; i++) {
  originals.push(Float32Array.from(test.images.subarray(i * 784, (i + 1) * 784)));
  labels.push(test.labels[i]!);
  traces.push(traceStrokes(originals[i]!, 28, 28));
}
const traceCpu = process.cpuUsage(started);
const pad = traces.map((s) => strokesToDigit(s));
const redrawn = traces.map((strokes) => rasteriseStrokes(strokes, 28));
const meanIou = originals.reduce((sum, o, i) => sum + iou(o, redrawn[i]!), 0) / count;
const meanError = originals.reduce((sum, o, i) => sum + o.reduce((s, v, k) => s + Math.abs(v - redrawn[i]![k]!), 0), 0) / count;
const onImages = right(probabilities(originals), labels);
const onRedrawn = right(probabilities(redrawn), labels);
const onPad = right(probabilities(pad), labels);
const lost = (here: number[], base: number[]) => here.filter((r, i) => base[i] === 1 && r === 0).length;
const gained = (here: number[], base: number[]) => here.filter((r, i) => base[i] === 0 && r === 1).length;
console.log(`first ${count}, ${modelPath}; tracing ${((traceCpu.user + traceCpu.system) / 1000 / count).toFixed(2)} ms CPU a digit`);
console.log(`images ${pct(onImages)}; traced at own width ${pct(onRedrawn)} (lost ${lost(onRedrawn, onImages)}, gained ${gained(onRedrawn, onImages)}), IoU ${meanIou.toFixed(4)}, |error| ${meanError.toFixed(2)} a digit`);
console.log(`lost by both the pad and the own-width redraw: ${onPad.filter((r, i) => r === 0 && onRedrawn[i] === 0 && onImages[i] === 1).length}`);
console.log(`pad ${pct(onPad)} (lost ${lost(onPad, onImages)}, gained ${gained(onPad, onImages)}); against own-width: lost ${lost(onPad, onRedrawn)}, gained ${gained(onPad, onRedrawn)}`);

if (penList.length > 0) {
  const mean = new Float32Array(count * 10);
  for (const pen of penList) {
    const p = probabilities(traces.map((s) => strokesToDigit(s, pen)));
    console.log(`  pen ${pen}: ${pct(right(p, labels))}`);
    for (let i = 0; i < mean.length; i++) mean[i]! += p[i]! / penList.length;
  }
  const averaged = right(mean, labels);
  console.log(`mean over pens ${penList.join(',')}: ${pct(averaged)} (lost ${lost(averaged, onImages)}, gained ${gained(averaged, onImages)})`);
}

/** Image-space views of a 28×28 input: whole-pixel shifts and a soft dilation. */
function shifted(image: Float32Array, dx: number, dy: number): Float32Array {
  const out = new Float32Array(784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    const sx = x - dx;
    const sy = y - dy;
    if (sx >= 0 && sy >= 0 && sx < 28 && sy < 28) out[y * 28 + x] = image[sy * 28 + sx]!;
  }
  return out;
}
function dilated(image: Float32Array, share: number): Float32Array {
  const out = Float32Array.from(image);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) {
    let m = 0;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]] as const) {
      const sx = x + dx;
      const sy = y + dy;
      if (sx >= 0 && sy >= 0 && sx < 28 && sy < 28) m = Math.max(m, image[sy * 28 + sx]!);
    }
    out[y * 28 + x] = Math.max(image[y * 28 + x]!, share * m);
  }
  return out;
}
const viewSets: Record<(typeof VIEW_SETS)[number], (image: Float32Array) => Float32Array[]> = {
  shifts: (im) => [im, shifted(im, 1, 0), shifted(im, -1, 0), shifted(im, 0, 1), shifted(im, 0, -1)],
  dilate: (im) => [im, dilated(im, 0.5)],
  shifts8: (im) => [-1, 0, 1].flatMap((dx) => [-1, 0, 1].map((dy) => shifted(im, dx, dy))),
};
for (const name of viewNames) {
  for (const [what, base, inputs] of [['images', onImages, originals], ['pad', onPad, pad]] as const) {
    const views = inputs.map(viewSets[name]);
    const k = views[0]!.length;
    const p = probabilities(views.flat());
    const mean = new Float32Array(count * 10);
    for (let i = 0; i < count; i++) for (let v = 0; v < k; v++) for (let c = 0; c < 10; c++) mean[i * 10 + c]! += p[(i * k + v) * 10 + c]! / k;
    const r = right(mean, labels);
    console.log(`${name} on ${what}: ${pct(r)} (lost ${lost(r, base)}, gained ${gained(r, base)} against its single reading; lost ${lost(r, onImages)} against the images)`);
  }
}

const transformed = (strokes: Stroke[], angle: number, sx: number): Stroke[] => strokes.map((st) => ({ width: st.width, points: st.points.map((p) => {
  const x = (p.x - 14) * sx;
  const y = p.y - 14;
  return { x: 14 + x * Math.cos(angle) - y * Math.sin(angle), y: 14 + x * Math.sin(angle) + y * Math.cos(angle) };
}) }));
const strokeViews: Record<(typeof STROKE_VIEWS)[number], Array<[number, number]>> = {
  rotate: [[0, 1], [0.14, 1], [-0.14, 1]],
  aspect: [[0, 1], [0, 0.85], [0, 1.15]],
  both: [[0, 1], [0.14, 1], [-0.14, 1], [0, 0.85], [0, 1.15]],
};
for (const name of strokeViewNames) {
  const list = strokeViews[name];
  const mean = new Float32Array(count * 10);
  for (const [angle, sx] of list) {
    const then = thenName === undefined ? (im: Float32Array) => [im] : viewSets[thenName];
    const rendered = traces.map((s) => then(strokesToDigit(transformed(s, angle, sx))));
    const k = rendered[0]!.length;
    const p = probabilities(rendered.flat());
    for (let i = 0; i < count; i++) for (let v = 0; v < k; v++) for (let c = 0; c < 10; c++) mean[i * 10 + c]! += p[(i * k + v) * 10 + c]! / (k * list.length);
  }
  const r = right(mean, labels);
  console.log(`stroke views ${name} on pad: ${pct(r)} (lost ${lost(r, onPad)}, gained ${gained(r, onPad)} against its single reading)`);
}

if (sheet) {
  // Lost digits: original | own-width redraw | pad input, 3× enlarged, 8 triples a row.
  const lostAt = onPad.flatMap((r, i) => (onImages[i] === 1 && r === 0 ? [i] : []));
  const cell = 28 * 3;
  const perRow = 8;
  const rows = Math.ceil(lostAt.length / perRow);
  const width = perRow * (3 * cell + 12);
  const height = rows * (cell + 6);
  const data = new Uint8Array(width * height).fill(40);
  lostAt.forEach((index, n) => {
    const ox = (n % perRow) * (3 * cell + 12);
    const oy = Math.floor(n / perRow) * (cell + 6);
    [originals[index]!, redrawn[index]!, pad[index]!].forEach((image, k) => {
      for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) {
        data[(oy + y) * width + ox + k * cell + x] = Math.round(255 * (1 - image[Math.floor(y / 3) * 28 + Math.floor(x / 3)]!));
      }
    });
  });
  writeFileSync(sheet, encode({ width, height, data, channels: 1, depth: 8 }));
  const p = probabilities(lostAt.map((i) => pad[i]!));
  console.log(`sheet ${sheet}: ${lostAt.map((i, n) => `${i}:${labels[i]}→${argmaxRow(p, n, 10)}`).join(' ')}`);
}
