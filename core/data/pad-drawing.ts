/**
 * A grey digit as the Draw view's pad reads it when someone draws it there: the image traced into
 * strokes (`trace.ts`), the strokes placed on a pad of side `side` at a centre-line extent size·side and
 * a pen `pen` (pad units), then the pad's own recipe (`strokesToDigit`). The stroke test measures the
 * pad this way (scripts/handwriting/stroke-test.ts), and the robust cnn-best trains and validates on it,
 * so that the model has seen the pad's rendering of a digit and not only its scan.
 *
 * The recipe keeps only the strokes' path and redraws it in the 20 px box with its own pen, so the
 * placement changes the input only through rounding; it is drawn per sample all the same, so these
 * samples stay the pad's drawings if the recipe ever takes the drawn size or pen into account.
 */
import type { Rng } from '../random.js';
import { MNIST_SIDE } from './digitize.js';
import { strokesToDigit, type Stroke } from './strokes.js';
import { traceStrokes } from './trace.js';

/** Where and how a digit is drawn on the pad. */
export interface PadPlacement {
  /** Centre-line extent as a share of the pad's side. */
  size: number;
  /** Pen width in pad units. */
  pen: number;
}

/** Strokes in image pixels → on a pad of side `side`: extent size·side, centred, pen `pen`. */
export function placeOnPad(strokes: readonly Stroke[], side: number, { size, pen }: PadPlacement): Stroke[] {
  const points = strokes.flatMap((s) => s.points);
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const left = Math.min(...xs);
  const top = Math.min(...ys);
  const extent = Math.max(Math.max(...xs) - left, Math.max(...ys) - top, 1e-6);
  const scale = (size * side) / extent;
  const offsetX = (side - (Math.max(...xs) - left) * scale) / 2;
  const offsetY = (side - (Math.max(...ys) - top) * scale) / 2;
  return strokes.map((s) => ({ width: pen, points: s.points.map((p) => ({ x: (p.x - left) * scale + offsetX, y: (p.y - top) * scale + offsetY })) }));
}

/** The pad's 28×28 input for a square grey image of side `imageSide` drawn with `placement`. */
export function padRendered(grey: ArrayLike<number>, imageSide: number, side: number, placement: PadPlacement): Float32Array {
  return strokesToDigit(placeOnPad(traceStrokes(grey, imageSide, imageSide), side, placement));
}

export interface PadSamples {
  /** count × 28², the pad's inputs. */
  images: Float32Array;
  /** The source digits' labels, in the order of `sources`. */
  labels: Uint8Array;
  /** The placement each sample was drawn with. */
  placements: PadPlacement[];
}

/**
 * The digits at `sources` of a set of square grey images (`images`: n × imageSide², `labels`: n) as
 * drawn on the pad, each at a placement drawn uniformly from `placements` by `rng` (one draw a sample,
 * in the order of `sources`: the same seed gives the same samples).
 */
export function padSamples(
  images: Float32Array, labels: Uint8Array, imageSide: number, sources: ArrayLike<number>,
  rng: Rng, side: number, placements: readonly PadPlacement[],
): PadSamples {
  const pixels = imageSide * imageSide;
  const inputPixels = MNIST_SIDE * MNIST_SIDE;
  if (placements.length === 0) throw new RangeError('padSamples: no placement to draw from');
  if (images.length !== labels.length * pixels) {
    throw new RangeError(`padSamples: ${labels.length} labels need ${labels.length * pixels} pixels of ${imageSide}×${imageSide} images, got ${images.length}`);
  }
  const out = new Float32Array(sources.length * inputPixels);
  const outLabels = new Uint8Array(sources.length);
  const drawn: PadPlacement[] = [];
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i]!;
    if (!Number.isInteger(source) || source < 0 || source >= labels.length) {
      throw new RangeError(`padSamples: source ${source} is outside the ${labels.length} images`);
    }
    const placement = placements[rng.int(placements.length)]!;
    out.set(padRendered(images.subarray(source * pixels, (source + 1) * pixels), imageSide, side, placement), i * inputPixels);
    outLabels[i] = labels[source]!;
    drawn.push(placement);
  }
  return { images: out, labels: outLabels, placements: drawn };
}
