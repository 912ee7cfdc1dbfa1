// AssemblyScript: a convolution and its filter gradient over the input's non-zero values only, for
// inputs that are mostly zero (MNIST pixels: ~81% zeros, so LeNet-5's first convolution does a fifth
// of the work). Same geometry block, layouts and arguments as conv2d and conv2dGradFilter (conv.ts):
//
//   forward      y[o, ro, so] = Σ over non-zero x[c, r, q] with r = ro·sh − ph + i, q = so·sw − pw + j
//                               of x[c, r, q] · w[o, c, i, j]      (each value scattered to its outputs)
//   grad filter  dW[o, c, i, j] = Σ_n Σ over non-zero x_n[c, r, q] of x_n[c, r, q] · dy_n[o, ro, so]
//                               (dy gathered at the outputs each value reaches through tap (i, j))
//
// Output channels are the SIMD lanes (padded to a multiple of 8, two f32x4 per step): the forward pass
// accumulates into a channels-last plane acc[ro·Wo + so, o] and transposes it to NCHW, then applies the
// bias + ReLU with conv.ts's biasActivation; the filter gradient reads dy transposed to channels-last.
//
// Bit for bit the dense path's result (the GEMM over the column matrix, gemm.ts) where the GEMM's sum
// has one KC block: each output of the forward pass is the GEMM's chain of madd from +0 over the taps
// p = (c·kh + i)·kw + j in increasing order, with the zero terms left out — the input is walked in
// raster order, which for a fixed output is increasing p. That holds while C·kh·kw ≤ KC (256): past it
// the GEMM adds its blocks' partial sums, this the terms one by one, and results differ by rounding.
// The filter gradient keeps the GEMM's blocks exactly: for each (o, p) the terms come in increasing
// output position s (raster order again), summed from +0 within each block of KC positions and added to
// dW at the block's end, sample after sample, as gemm(…, accumulate) does; so it is identical always.
// Leaving a zero term out changes nothing (x + (±0) = x, and these sums are never −0) except where the
// other factor is ±∞ or NaN: the dense product gives NaN there, this does not (as sparse.ts). A NaN
// in x is not zero and propagates.
import { KC, madd, transposeBlock } from './gemm';
import { g, C, H, W, O, KH, KW, SH, SW, PH, PW, HO, WO, biasActivation } from './conv';
import { gatherRows } from './sparse';

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Output channels rounded up to the 8 lanes of two f32x4. */
@inline function lanesOf(outChannels: i32): i32 {
  return (outChannels + 7) & ~7;
}

/** 16-byte aligned float index at or after `floats`. */
@inline function aligned(floats: i32): i32 {
  return (floats + 3) & ~3;
}

/**
 * Floats of a thread's scratch the two kernels need (col argument): per-channel starts, the sample's
 * non-zero positions and values, then the forward pass's transposed filters and channels-last plane,
 * or the gradient's channels-last dy (the larger of the two layouts).
 */
export function sparseConvScratchFloats(channels: i32, height: i32, width: i32, outChannels: i32, depth: i32, plane: i32): i32 {
  const lanes = lanesOf(outChannels);
  return aligned(channels + 1 + 3 * channels * height * width) + depth * lanes + plane * lanes + 4;
}

/**
 * The sample's non-zeros as CSR by channel (sparse.ts's gatherRows): starts [C + 1], then per entry its
 * row r and column q (split from r·W + q once, not per tap) and its value.
 */
@inline function rowsAt(col: usize, channels: i32): usize {
  return at(col, channels + 1);
}

@inline function valuesAt(col: usize, channels: i32, size: i32): usize {
  return at(col, channels + 1 + size);
}

@inline function columnsAt(col: usize, channels: i32, size: i32): usize {
  return at(col, channels + 1 + 2 * size);
}

@inline function planesAt(col: usize, channels: i32, size: i32): usize {
  return at(col, aligned(channels + 1 + 3 * size));
}

/** Gathers sample x [C, H·W]'s non-zeros and splits each position into its row and column. */
function gatherSample(x: usize, channels: i32, width: i32, size: i32, starts: usize, rows: usize, columns: usize, values: usize): void {
  const count = gatherRows(channels, size, x, starts, rows, values);
  for (let e = 0; e < count; e++) {
    const position = load<i32>(at(rows, e));
    const r = position / width;
    store<i32>(at(rows, e), r);
    store<i32>(at(columns, e), position - r * width);
  }
}

/**
 * filters[(c·kh + i)·kw + jj, o] = w[o, c, i, kw − 1 − jj]: channels-last with each filter row reversed,
 * so that the outputs one input value reaches through a filter row, left to right, read the taps left
 * to right (one contiguous run of both); zero in the padding lanes.
 */
function flipFilters(w: usize, outChannels: i32, depth: i32, kw: i32, lanes: i32, filters: usize): void {
  for (let p = 0; p < depth; p++) {
    const flipped = p - p % kw + kw - 1 - p % kw;
    for (let o = 0; o < lanes; o++) store<f32>(at(filters, flipped * lanes + o), o < outChannels ? load<f32>(at(w, o * depth + p)) : 0);
  }
}

// The two transpositions between NCHW planes and the channels-last plane move 4×4 blocks through
// registers (gemm.ts's transposeBlock); only a plane's last positions past a multiple of 4 go one value
// at a time. They move bits, so the results are those of a value-by-value copy.

/** y[o, s] = acc[s, o] for o < outChannels, s < plane (acc's rows `lanes` floats, a multiple of 4). */
function channelsFirst(acc: usize, lanes: i32, plane: i32, outChannels: i32, y: usize): void {
  const blocks = plane & ~3;
  for (let o0 = 0; o0 < outChannels; o0 += 4) {
    const rows = min(4, outChannels - o0);
    for (let s0 = 0; s0 < blocks; s0 += 4) transposeBlock(at(acc, s0 * lanes + o0), lanes, 4, at(y, o0 * plane + s0), plane, rows);
    for (let o = o0; o < o0 + rows; o++) {
      for (let s = blocks; s < plane; s++) store<f32>(at(y, o * plane + s), load<f32>(at(acc, s * lanes + o)));
    }
  }
}

/** grads[s, o] = dy[o, s] for o < outChannels, 0 for outChannels ≤ o < lanes (a multiple of 4), s < plane. */
function channelsLast(dy: usize, outChannels: i32, plane: i32, lanes: i32, grads: usize): void {
  const blocks = plane & ~3;
  for (let o0 = 0; o0 < lanes; o0 += 4) {
    const rows = max(0, min(4, outChannels - o0));
    for (let s0 = 0; s0 < blocks; s0 += 4) transposeBlock(at(dy, o0 * plane + s0), plane, rows, at(grads, s0 * lanes + o0), lanes, 4);
    for (let s = blocks; s < plane; s++) {
      for (let o = o0; o < o0 + 4; o++) store<f32>(at(grads, s * lanes + o), o < outChannels ? load<f32>(at(dy, o * plane + s)) : 0);
    }
  }
}

/** to[k] = madd(v, from[k], to[k]) for the `bytes` / 4 floats of two contiguous runs (16-byte multiples). */
@inline function scatterRun(to: usize, from: usize, bytes: usize, v: v128): void {
  for (let offset: usize = 0; offset < bytes; offset += 16) {
    v128.store(to + offset, madd(v, v128.load(from + offset), v128.load(to + offset)));
  }
}

/** y [N, O, Ho, Wo] for samples [from, to) as conv2d (conv.ts), over x's non-zero values only. */
export function sparseConv2d(
  x: usize, w: usize, y: usize, geometry: usize, from: i32, to: i32,
  bias: usize, relu: i32, col: usize, scratch: usize,
): void {
  const channels = g(geometry, C), height = g(geometry, H), width = g(geometry, W);
  const outChannels = g(geometry, O), kh = g(geometry, KH), kw = g(geometry, KW);
  const sh = g(geometry, SH), sw = g(geometry, SW), ph = g(geometry, PH), pw = g(geometry, PW);
  const ho = g(geometry, HO), wo = g(geometry, WO);
  const size = height * width, inSize = channels * size, depth = channels * kh * kw, plane = ho * wo;
  const lanes = lanesOf(outChannels);
  const laneBytes = <usize>lanes << 2;
  const starts = col, rows = rowsAt(col, channels), values = valuesAt(col, channels, inSize);
  const columns = columnsAt(col, channels, inSize);
  const filters = planesAt(col, channels, inSize);
  const acc = at(filters, depth * lanes);
  flipFilters(w, outChannels, depth, kw, lanes, filters);
  for (let n = from; n < to; n++) {
    gatherSample(at(x, n * inSize), channels, width, size, starts, rows, columns, values);
    memory.fill(acc, 0, <usize>(plane * lanes) << 2);
    for (let c = 0; c < channels; c++) {
      const last = load<i32>(at(starts, c + 1));
      for (let e = load<i32>(at(starts, c)); e < last; e++) {
        const r = load<i32>(at(rows, e)), q = load<i32>(at(columns, e));
        const v = v128.load32_splat(at(values, e));
        // Filter rows i whose output row ro exists: r + ph − i = ro·sh.
        for (let i = sh == 1 ? 0 : (r + ph) % sh; i < kh; i += sh) {
          const rt = r + ph - i;
          if (rt < 0) break;
          const ro = sh == 1 ? rt : rt / sh;
          if (ro >= ho) continue;
          const row = (c * kh + i) * kw;
          if (sw == 1) {
            // Outputs so = q + pw − j for the taps j, i.e. so from q + pw − kw + 1 (flipped tap 0) on.
            const base = q + pw - kw + 1;
            const lo = max(0, base), hi = min(wo, q + pw + 1);
            if (lo >= hi) continue;
            scatterRun(acc + <usize>(ro * wo + lo) * laneBytes, filters + <usize>(row + lo - base) * laneBytes, <usize>(hi - lo) * laneBytes, v);
          } else {
            for (let j = (q + pw) % sw; j < kw; j += sw) {
              const qt = q + pw - j;
              if (qt < 0) break;
              const so = qt / sw;
              if (so >= wo) continue;
              scatterRun(acc + <usize>(ro * wo + so) * laneBytes, filters + <usize>(row + kw - 1 - j) * laneBytes, laneBytes, v);
            }
          }
        }
      }
    }
    const yn = at(y, n * outChannels * plane);
    channelsFirst(acc, lanes, plane, outChannels, yn);
    if (bias != 0) biasActivation(yn, outChannels, plane, bias, relu);
  }
}

/**
 * dW [O, C·kh·kw] as conv2dGradFilter (conv.ts) over samples [from, to), over x's non-zero values only.
 * Each sample's outputs are taken in the GEMM's blocks of KC positions: within a block every input
 * value adds its products with dy into partial sums kept like the flipped filters (channels-last, rows
 * reversed), which are added to dW at the block's end.
 */
export function sparseConv2dGradFilter(
  x: usize, dy: usize, dw: usize, geometry: usize, from: i32, to: i32, col: usize, scratch: usize,
): void {
  const channels = g(geometry, C), height = g(geometry, H), width = g(geometry, W);
  const outChannels = g(geometry, O), kh = g(geometry, KH), kw = g(geometry, KW);
  const sh = g(geometry, SH), sw = g(geometry, SW), ph = g(geometry, PH), pw = g(geometry, PW);
  const ho = g(geometry, HO), wo = g(geometry, WO);
  const size = height * width, inSize = channels * size, depth = channels * kh * kw, plane = ho * wo;
  const lanes = lanesOf(outChannels);
  const laneBytes = <usize>lanes << 2;
  const starts = col, rows = rowsAt(col, channels), values = valuesAt(col, channels, inSize);
  const columns = columnsAt(col, channels, inSize);
  const partial = planesAt(col, channels, inSize);
  const grads = at(partial, depth * lanes);
  memory.fill(dw, 0, <usize>(outChannels * depth) << 2);
  for (let n = from; n < to; n++) {
    gatherSample(at(x, n * inSize), channels, width, size, starts, rows, columns, values);
    // grads[s, o] = dy_n[o, s] (channels-last), zero in the padding lanes.
    channelsLast(at(dy, n * outChannels * plane), outChannels, plane, lanes, grads);
    for (let b0 = 0; b0 < plane; b0 += KC) {
      const b1 = min(plane, b0 + KC);
      const firstRow = b0 / wo, lastRow = (b1 - 1) / wo;
      memory.fill(partial, 0, <usize>(depth * lanes) << 2);
      for (let c = 0; c < channels; c++) {
        const last = load<i32>(at(starts, c + 1));
        for (let e = load<i32>(at(starts, c)); e < last; e++) {
          const r = load<i32>(at(rows, e)), q = load<i32>(at(columns, e));
          if (r + ph - kh + 1 > lastRow * sh) break;
          const v = v128.load32_splat(at(values, e));
          for (let i = sh == 1 ? 0 : (r + ph) % sh; i < kh; i += sh) {
            const rt = r + ph - i;
            if (rt < 0) break;
            const ro = sh == 1 ? rt : rt / sh;
            if (ro > lastRow) continue;
            if (ro < firstRow) break;
            const row = (c * kh + i) * kw;
            const rowStart = ro * wo;
            if (sw == 1) {
              const base = q + pw - kw + 1;
              const lo = max(max(0, base), b0 - rowStart), hi = min(min(wo, q + pw + 1), b1 - rowStart);
              if (lo >= hi) continue;
              scatterRun(partial + <usize>(row + lo - base) * laneBytes, grads + <usize>(rowStart + lo) * laneBytes, <usize>(hi - lo) * laneBytes, v);
            } else {
              for (let j = (q + pw) % sw; j < kw; j += sw) {
                const qt = q + pw - j;
                if (qt < 0) break;
                const so = qt / sw;
                const s = rowStart + so;
                if (so >= wo || s < b0 || s >= b1) continue;
                scatterRun(partial + <usize>(row + kw - 1 - j) * laneBytes, grads + <usize>s * laneBytes, laneBytes, v);
              }
            }
          }
        }
      }
      // dW[o, p] += partial[flipped p, o].
      for (let p = 0; p < depth; p++) {
        const flipped = p - p % kw + kw - 1 - p % kw;
        for (let o = 0; o < outChannels; o++) {
          const target = at(dw, o * depth + p);
          store<f32>(target, load<f32>(target) + load<f32>(at(partial, flipped * lanes + o)));
        }
      }
    }
  }
}
