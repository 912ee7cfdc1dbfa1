/**
 * Other writers' hands, made from a traced digit (core/data/trace.ts): the variation MNIST's writers
 * show little of and the course's writers show a lot of (TEXTBOOK §10.12; issue 12, point 6). Used in
 * two places that never share source digits: the proxy test of "other writers" is made from MNIST's
 * TEST images, the augmentation that makes the bundled cnn-best robust from MNIST's TRAINING images
 * (scripts/handwriting/).
 *
 * A variant is, in this order of draws from the seeded Rng:
 *   1. a shape edit for the digits written differently (with probability SHAPE_EDIT_SHARE of that class):
 *        1 → a flag from the top down to the left, and (half of them) a base across the foot;
 *        7 → a bar across the stem;
 *        4 → the top closed: the left arm's top joined to the stem's top;
 *        9 → a straight stem: the tail below the loop replaced by a straight line down from its right;
 *   2. slant: x += s·(cy − y), s ~ U(−SLANT, SLANT) (a shear about the centre line);
 *   3. width: x scaled by w ~ U(1 − ASPECT, 1 + ASPECT) about the centre;
 *   4. elastic: p += a·E·(sin(f₁·p/E + φ₁), sin(f₂·p/E + φ₂)) summed over ELASTIC_WAVES random waves,
 *      a ~ U(0, ELASTIC) of the extent E (a smooth displacement, as Simard et al. 2003 but on the
 *      stroke's points, so the pen stays round);
 *   5. a pen width ~ U(PEN_RANGE) px of the 28×28 field, drawn by `strokesToDigit` (the pad's recipe).
 */
import type { Rng } from '../random.js';
import { centreLineBox, strokesToDigit, type CentreLineBox, type Point, type Stroke } from './strokes.js';

export const SHAPE_EDIT_SHARE = 0.6;
const SLANT = 0.3;
const ASPECT = 0.2;
const ELASTIC = 0.06;
const ELASTIC_WAVES = 3;
export const PEN_RANGE: readonly [number, number] = [1.6, 3.8];

export type ShapeEdit = 'none' | 'flag' | 'flag-base' | 'bar' | 'closed-top' | 'straight-stem';

export interface WriterVariant {
  strokes: Stroke[];
  edit: ShapeEdit;
  penWidth: number;
  /** The 28×28 input, through the pad's recipe. */
  image: Float32Array;
}

/** One other writer's version of `strokes`, a traced digit of class `label`. */
export function writerVariant(strokes: readonly Stroke[], label: number, rng: Rng): WriterVariant {
  const edited = rng.next() < SHAPE_EDIT_SHARE ? editShape(strokes, label, rng) : { strokes: [...strokes], edit: 'none' as const };
  const box = centreLineBox(edited.strokes);
  let result = edited.strokes;
  if (box) {
    const cx = box.left + box.width / 2;
    const cy = box.top + box.height / 2;
    const slant = rng.uniform(-SLANT, SLANT);
    const aspect = rng.uniform(1 - ASPECT, 1 + ASPECT);
    const extent = Math.max(box.width, box.height, 1e-6);
    const amplitude = rng.uniform(0, ELASTIC) * extent;
    const waves = Array.from({ length: ELASTIC_WAVES }, () => ({
      fx: rng.uniform(1, 4), fy: rng.uniform(1, 4), phaseX: rng.uniform(0, 2 * Math.PI), phaseY: rng.uniform(0, 2 * Math.PI),
    }));
    const move = (p: Point): Point => {
      let x = cx + (p.x - cx + slant * (cy - p.y)) * aspect;
      let y = p.y;
      for (const w of waves) {
        x += (amplitude / ELASTIC_WAVES) * Math.sin((w.fy * p.y) / extent + w.phaseX);
        y += (amplitude / ELASTIC_WAVES) * Math.sin((w.fx * p.x) / extent + w.phaseY);
      }
      return { x, y };
    };
    result = edited.strokes.map((s) => ({ width: s.width, points: s.points.map(move) }));
  }
  const penWidth = rng.uniform(PEN_RANGE[0], PEN_RANGE[1]);
  return { strokes: result, edit: edited.edit, penWidth, image: strokesToDigit(result, penWidth) };
}

/** The class's shape edit (see the header); digits without one, or a trace it cannot apply to, are kept. */
export function editShape(strokes: readonly Stroke[], label: number, rng: Rng): { strokes: Stroke[]; edit: ShapeEdit } {
  const box = centreLineBox(strokes);
  const kept = { strokes: [...strokes], edit: 'none' as const };
  if (!box || box.height <= 0) return kept;
  const width = strokes[0]!.width;
  const line = (...points: Point[]): Stroke => ({ width, points });
  const points = strokes.flatMap((s) => s.points);
  const h = box.height;
  if (label === 1) {
    const top = extremeBy(points, (p) => -p.y);
    const flagLength = rng.uniform(0.25, 0.45) * h;
    const flag = line({ x: top.x - 0.8 * flagLength, y: top.y + 0.6 * flagLength }, top);
    if (rng.next() < 0.5) return { strokes: [...strokes, flag], edit: 'flag' };
    const foot = extremeBy(points, (p) => p.y);
    const half = rng.uniform(0.15, 0.3) * h;
    return { strokes: [...strokes, flag, line({ x: foot.x - half, y: foot.y }, { x: foot.x + half, y: foot.y })], edit: 'flag-base' };
  }
  if (label === 7) {
    const y = box.top + rng.uniform(0.45, 0.6) * h;
    const stem = points.filter((p) => Math.abs(p.y - y) < 0.08 * h);
    if (stem.length === 0) return kept;
    const x = stem.reduce((sum, p) => sum + p.x, 0) / stem.length;
    const half = rng.uniform(0.15, 0.25) * h;
    return { strokes: [...strokes, line({ x: x - half, y }, { x: x + half, y: y + rng.uniform(-0.03, 0.03) * h })], edit: 'bar' };
  }
  if (label === 4) return closeTopOfFour(strokes, box, line);
  if (label === 9) return straightenNine(strokes, box, line, rng);
  return kept;
}

function closeTopOfFour(strokes: readonly Stroke[], box: CentreLineBox, line: (...p: Point[]) => Stroke) {
  const centre = box.left + box.width / 2;
  const upper = strokes.flatMap((s) => s.points).filter((p) => p.y < box.top + 0.45 * box.height);
  const left = upper.filter((p) => p.x < centre);
  const right = upper.filter((p) => p.x >= centre);
  if (left.length === 0 || right.length === 0) return { strokes: [...strokes], edit: 'none' as const };
  const armTop = extremeBy(left, (p) => -p.y);
  const stemTop = extremeBy(right, (p) => -p.y);
  if (Math.hypot(stemTop.x - armTop.x, stemTop.y - armTop.y) < 0.2 * box.height) return { strokes: [...strokes], edit: 'none' as const };
  return { strokes: [...strokes, line(armTop, stemTop)], edit: 'closed-top' as const };
}

/** The loop is taken to be the part above LOOP_SHARE of the height; below it, one straight stem. */
const LOOP_SHARE = 0.5;

function straightenNine(strokes: readonly Stroke[], box: CentreLineBox, line: (...p: Point[]) => Stroke, rng: Rng) {
  const cut = box.top + LOOP_SHARE * box.height;
  const loop: Stroke[] = [];
  for (const stroke of strokes) {
    let run: Point[] = [];
    for (const p of stroke.points) {
      if (p.y <= cut) run.push(p);
      else if (run.length > 0) {
        loop.push({ width: stroke.width, points: run });
        run = [];
      }
    }
    if (run.length > 0) loop.push({ width: stroke.width, points: run });
  }
  const loopPoints = loop.flatMap((s) => s.points);
  if (loopPoints.length < 4) return { strokes: [...strokes], edit: 'none' as const };
  const right = extremeBy(loopPoints, (p) => p.x);
  const start = { x: right.x, y: Math.min(right.y, cut - 0.1 * box.height) };
  const foot = { x: right.x + rng.uniform(-0.15, 0.05) * box.height, y: box.top + box.height };
  return { strokes: [...loop, line(start, foot)], edit: 'straight-stem' as const };
}

function extremeBy(points: readonly Point[], score: (p: Point) => number): Point {
  let best = points[0]!;
  for (const p of points) if (score(p) > score(best)) best = p;
  return best;
}
