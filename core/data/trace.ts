/**
 * A grey digit image → pen strokes: the inverse of drawing, so an image without recorded strokes (an
 * MNIST digit, an imported PNG) can be replayed through the pad's recipe (`strokesToDigit`) at any size
 * and pen, or redrawn with another pen thickness (augmentation).
 *
 *   1. enlarge UPSAMPLE× by bilinear interpolation and threshold at ½: a binary image of the ink;
 *   2. thin it to a one-pixel skeleton (Zhang & Suen 1984, "A fast parallel algorithm for thinning
 *      digital patterns": two sub-iterations delete boundary pixels that keep 8-connectivity);
 *   3. walk the skeleton into polylines: start at an end point (one neighbour) while there is one, else
 *      anywhere (closed loops such as a "0"); follow unvisited neighbours, preferring the straightest
 *      continuation; a path that starts or ends next to an earlier path is joined to it, so junctions
 *      stay connected (a lone pixel beside one is a staircase corner and is dropped);
 *   4. each path's pen: 2d − ½ from the median depth d of its skeleton pixels in the ink (their distance
 *      to the background, 3-4 chamfer; `inkWidth`), so `rasteriseStrokes` of the strokes redraws the digit in place: what
 *      the stroke test compares with the original to measure the tracing alone.
 * Points are in the image's own pixel units (pixel centres at +0.5).
 */
import type { Stroke } from './strokes.js';

const UPSAMPLE = 4;
/** Keep every STEP-th skeleton pixel of a path (a polyline vertex every STEP / UPSAMPLE source pixels). */
const STEP = 3;

/**
 * Strokes tracing the ink of a width × height grey image; each stroke's width is `pen` when given,
 * else the width of the ink it traces (both in source pixels).
 */
export function traceStrokes(grey: ArrayLike<number>, width: number, height: number, pen?: number): Stroke[] {
  const big = binaryUpsample(grey, width, height);
  const bigWidth = width * UPSAMPLE;
  const bigHeight = height * UPSAMPLE;
  const depth = depthInInk(big, bigWidth, bigHeight);
  thin(big, bigWidth, bigHeight);
  return walk(big, bigWidth, bigHeight).map((path) => ({
    width: pen ?? inkWidth(path, depth),
    points: decimate(path).map((index) => ({ x: ((index % bigWidth) + 0.5) / UPSAMPLE, y: (Math.floor(index / bigWidth) + 0.5) / UPSAMPLE })),
  }));
}

/**
 * The width of the ink a skeleton path runs through, in source pixels, from its pixels' median depth d:
 * ink 2d − 1 pixels across has its middle pixel at depth d, ink 2d across its two middle ones, so the
 * width is taken as 2d − ½ (within a quarter of an enlarged pixel of either). For an even count d is the
 * upper of the two middle depths, a depth the path has (not core/kernels/median.ts's mean of the two, a
 * timing's median), which the stroke test's published figures were measured with.
 */
function inkWidth(path: readonly number[], depth: Float32Array): number {
  const depths = path.map((index) => depth[index]!).sort((a, b) => a - b);
  const median = depths[Math.floor(depths.length / 2)]!;
  return Math.max(1, 2 * median - 0.5) / UPSAMPLE;
}

/**
 * Each ink pixel's distance to the nearest background pixel (outside the image is background), by the
 * 3-4 chamfer transform (Borgefors 1986, "Distance transformations in digital images": one forward and
 * one backward raster pass, straight steps 3, diagonal steps 4, divided by 3; within 8% of Euclidean).
 */
function depthInInk(image: Uint8Array, width: number, height: number): Float32Array {
  const far = 3 * (width + height);
  const d = new Float32Array(image.length);
  for (let i = 0; i < image.length; i++) d[i] = image[i] ? far : 0;
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : d[y * width + x]!);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (d[i] !== 0) d[i] = Math.min(d[i]!, at(x - 1, y) + 3, at(x, y - 1) + 3, at(x - 1, y - 1) + 4, at(x + 1, y - 1) + 4);
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      if (d[i] !== 0) d[i] = Math.min(d[i]!, at(x + 1, y) + 3, at(x, y + 1) + 3, at(x + 1, y + 1) + 4, at(x - 1, y + 1) + 4);
    }
  }
  for (let i = 0; i < d.length; i++) d[i] = d[i]! / 3;
  return d;
}

/** Bilinear enlargement of pixel centres, thresholded at ½. */
function binaryUpsample(grey: ArrayLike<number>, width: number, height: number): Uint8Array {
  const bigWidth = width * UPSAMPLE;
  const bigHeight = height * UPSAMPLE;
  const out = new Uint8Array(bigWidth * bigHeight);
  const at = (x: number, y: number) => grey[Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))]!;
  for (let Y = 0; Y < bigHeight; Y++) {
    const sy = (Y + 0.5) / UPSAMPLE - 0.5;
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    for (let X = 0; X < bigWidth; X++) {
      const sx = (X + 0.5) / UPSAMPLE - 0.5;
      const x0 = Math.floor(sx);
      const fx = sx - x0;
      const v = (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) + fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
      out[Y * bigWidth + X] = v >= 0.5 ? 1 : 0;
    }
  }
  return out;
}

/** Neighbour offsets P2..P9 clockwise from north, as Zhang & Suen number them. */
const RING: ReadonlyArray<readonly [number, number]> = [[0, -1], [1, -1], [1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1]];

function thin(image: Uint8Array, width: number, height: number): void {
  const at = (x: number, y: number) => (x < 0 || y < 0 || x >= width || y >= height ? 0 : image[y * width + x]!);
  let changed = true;
  while (changed) {
    changed = false;
    for (const pass of [0, 1]) {
      const doomed: number[] = [];
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (!image[y * width + x]) continue;
          const p = RING.map(([dx, dy]) => at(x + dx, y + dy));
          const neighbours = p.reduce((a, b) => a + b, 0);
          if (neighbours < 2 || neighbours > 6) continue;
          let transitions = 0;
          for (let k = 0; k < 8; k++) if (p[k] === 0 && p[(k + 1) % 8] === 1) transitions++;
          if (transitions !== 1) continue;
          // P2·P4·P6 = 0 and P4·P6·P8 = 0 on the first pass; P2·P4·P8 = 0 and P2·P6·P8 = 0 on the second.
          const [p2, , p4, , p6, , p8] = p as [number, number, number, number, number, number, number, number];
          const keep = pass === 0 ? p2 * p4 * p6 !== 0 || p4 * p6 * p8 !== 0 : p2 * p4 * p8 !== 0 || p2 * p6 * p8 !== 0;
          if (!keep) doomed.push(y * width + x);
        }
      }
      for (const index of doomed) image[index] = 0;
      if (doomed.length > 0) changed = true;
    }
  }
}

function walk(skeleton: Uint8Array, width: number, height: number): number[][] {
  const visited = new Uint8Array(skeleton.length);
  const neighboursOf = (index: number): number[] => {
    const x = index % width;
    const y = Math.floor(index / width);
    const found: number[] = [];
    for (const [dx, dy] of RING) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && ny >= 0 && nx < width && ny < height && skeleton[ny * width + nx]) found.push(ny * width + nx);
    }
    return found;
  };
  const unvisited = (index: number) => neighboursOf(index).filter((n) => !visited[n]);
  const paths: number[][] = [];
  const pixels: number[] = [];
  for (let i = 0; i < skeleton.length; i++) if (skeleton[i]) pixels.push(i);

  for (;;) {
    const remaining = pixels.filter((i) => !visited[i]);
    if (remaining.length === 0) break;
    const start = remaining.find((i) => unvisited(i).length <= 1) ?? remaining[0]!;
    const path: number[] = [];
    const joinedStart = neighboursOf(start).find((n) => visited[n]);
    if (joinedStart !== undefined) path.push(joinedStart);
    path.push(start);
    visited[start] = 1;
    let current = start;
    for (;;) {
      const next = straightest(path, unvisited(current), width);
      if (next === undefined) break;
      path.push(next);
      visited[next] = 1;
      current = next;
    }
    // A lone pixel beside an earlier path is a corner of a thinned staircase, not a stroke of its own.
    if (current === start && joinedStart !== undefined) continue;
    const previous = path[path.length - 2];
    const joinedEnd = neighboursOf(current).find((n) => visited[n] && n !== previous && !path.slice(-4).includes(n));
    if (joinedEnd !== undefined) path.push(joinedEnd);
    paths.push(path);
  }
  return paths;
}

/** The candidate that turns least from the path's recent direction (the first one at the start). */
function straightest(path: number[], candidates: number[], width: number): number | undefined {
  if (candidates.length <= 1) return candidates[0];
  const last = path[path.length - 1]!;
  const back = path[Math.max(0, path.length - 4)]!;
  const dx = (last % width) - (back % width);
  const dy = Math.floor(last / width) - Math.floor(back / width);
  let best = candidates[0]!;
  let bestScore = -Infinity;
  for (const candidate of candidates) {
    const cx = (candidate % width) - (last % width);
    const cy = Math.floor(candidate / width) - Math.floor(last / width);
    // Cosine with the recent direction; 4-neighbours win ties (a smoother walk).
    const score = (dx * cx + dy * cy) / (Math.hypot(dx, dy) * Math.hypot(cx, cy) || 1) + (cx === 0 || cy === 0 ? 1e-3 : 0);
    if (score > bestScore) {
      bestScore = score;
      best = candidate;
    }
  }
  return best;
}

function decimate(path: number[]): number[] {
  if (path.length <= 2) return path;
  const kept = path.filter((_, i) => i % STEP === 0);
  if (kept[kept.length - 1] !== path[path.length - 1]) kept.push(path[path.length - 1]!);
  return kept;
}
