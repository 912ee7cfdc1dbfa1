// AssemblyScript: 2-D convolution (cross-correlation, NCHW, filters [O, C, kh, kw]) and both gradients,
// one sample at a time through the column matrix of that sample (Caffe's layout, so results land in
// NCHW without a rearrangement):
//
//   col[(c·kh + i)·kw + j, r·Wo + s] = x[c, r·sh − ph + i, s·sw − pw + j]   (0 outside the image)
//   forward      y_n  = W · col_n            [O, Ho·Wo]      (W viewed [O, C·kh·kw])
//   grad filter  dW  += dy_n · col_nᵀ         [O, C·kh·kw]    (colᵀ read through strides)
//   grad input   dcol = Wᵀ · dy_n             [C·kh·kw, Ho·Wo] (Wᵀ read through strides), then col2im
//
// The geometry is passed once per call in a small i32 block (see Geometry), buffers as byte offsets.
// With COLUMNS ≠ 0 the forward pass builds each sample's column matrix at COLUMNS + n·(C·kh·kw·Ho·Wo)
// floats and leaves it there, and the filter gradient reads it from there instead of rebuilding it
// (the host keeps the layout and decides when that matrix is still the one of x: ../kept-columns.ts).
import { gemm } from './gemm';

// Geometry block layout (i32 values), written by the host (../conv-geometry.ts mirrors these indices).
export const N = 0, C = 1, H = 2, W = 3, O = 4, KH = 5, KW = 6, SH = 7, SW = 8, PH = 9, PW = 10, HO = 11, WO = 12, COLUMNS = 13;

@inline export function g(geometry: usize, index: i32): i32 {
  return load<i32>(geometry + (<usize>index << 2));
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** Sample n's column matrix: in the kept batch of them when the block names one, else at `col`. */
@inline function columnsOf(geometry: usize, n: i32, size: i32, col: usize): usize {
  const kept = <usize>g(geometry, COLUMNS);
  return kept != 0 ? at(kept, n * size) : col;
}

// A column-matrix row is a few values (14 for a 14×14 output): memory.copy and memory.fill are calls
// into the runtime that cost more than the copy at that length, so rows are copied four lanes at a time.

/** to[s] = 0 for s in [first, last). */
@inline function zeros(to: usize, first: i32, last: i32): void {
  let s = first;
  for (; s + 4 <= last; s += 4) v128.store(at(to, s), f32x4.splat(0));
  for (; s < last; s++) store<f32>(at(to, s), 0);
}

/** to[s] = from[s] for s in [first, last). */
@inline function copyFloats(to: usize, from: usize, first: i32, last: i32): void {
  let s = first;
  for (; s + 4 <= last; s += 4) v128.store(at(to, s), v128.load(at(from, s)));
  for (; s < last; s++) store<f32>(at(to, s), load<f32>(at(from, s)));
}

/** col [C·kh·kw, Ho·Wo] of one sample x [C, H, W]. */
function im2col(x: usize, geometry: usize, col: usize): void {
  const channels = g(geometry, C), height = g(geometry, H), width = g(geometry, W);
  const kh = g(geometry, KH), kw = g(geometry, KW), sh = g(geometry, SH), sw = g(geometry, SW);
  const ph = g(geometry, PH), pw = g(geometry, PW), ho = g(geometry, HO), wo = g(geometry, WO);
  let to = col;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        // Output columns s whose input column s·sw − pw + j lies inside [0, width).
        const first = j >= pw ? 0 : (pw - j + sw - 1) / sw;
        const span = width - 1 + pw - j;
        const last = span < 0 ? 0 : min(wo, span / sw + 1);
        for (let r = 0; r < ho; r++, to += <usize>wo << 2) {
          const row = r * sh - ph + i;
          if (row < 0 || row >= height || last <= first) {
            zeros(to, 0, wo);
            continue;
          }
          const from = at(x, (c * height + row) * width - pw + j);
          zeros(to, 0, first);
          if (sw == 1) {
            copyFloats(to, from, first, last);
          } else {
            for (let s = first; s < last; s++) store<f32>(at(to, s), load<f32>(at(from, s * sw)));
          }
          zeros(to, last, wo);
        }
      }
    }
  }
}

/** dx [C, H, W] of one sample = the adjoint of im2col applied to dcol (dx is overwritten). */
function col2im(dcol: usize, geometry: usize, dx: usize): void {
  const channels = g(geometry, C), height = g(geometry, H), width = g(geometry, W);
  const kh = g(geometry, KH), kw = g(geometry, KW), sh = g(geometry, SH), sw = g(geometry, SW);
  const ph = g(geometry, PH), pw = g(geometry, PW), ho = g(geometry, HO), wo = g(geometry, WO);
  memory.fill(dx, 0, <usize>(channels * height * width) << 2);
  let from = dcol;
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const first = j >= pw ? 0 : (pw - j + sw - 1) / sw;
        const span = width - 1 + pw - j;
        const last = span < 0 ? 0 : min(wo, span / sw + 1);
        for (let r = 0; r < ho; r++, from += <usize>wo << 2) {
          const row = r * sh - ph + i;
          if (row < 0 || row >= height) continue;
          const to = at(dx, (c * height + row) * width - pw + j);
          let s = first;
          if (sw == 1) {
            for (; s + 4 <= last; s += 4) {
              const p = at(to, s);
              v128.store(p, f32x4.add(v128.load(p), v128.load(at(from, s))));
            }
          }
          for (; s < last; s++) {
            const p = at(to, s * sw);
            store<f32>(p, load<f32>(p) + load<f32>(at(from, s)));
          }
        }
      }
    }
  }
}

/** y[q, ·] ← y[q, ·] + bias[q], then max(0, ·) when relu, for the `rows` rows of `cols` values. */
export function biasActivation(y: usize, rows: i32, cols: i32, bias: usize, relu: i32): void {
  const zero = f32x4.splat(0);
  for (let q = 0; q < rows; q++) {
    const b = load<f32>(at(bias, q));
    const bv = f32x4.splat(b);
    const row = at(y, q * cols);
    let s = 0;
    for (; s + 4 <= cols; s += 4) {
      const p = at(row, s);
      const v = f32x4.add(v128.load(p), bv);
      v128.store(p, relu ? f32x4.max(v, zero) : v);
    }
    for (; s < cols; s++) {
      const p = at(row, s);
      const v = load<f32>(p) + b;
      store<f32>(p, relu ? max(v, 0) : v);
    }
  }
}

/**
 * y [N, O, Ho, Wo] for samples [from, to) of x [N, C, H, W] and w [O, C, kh, kw]; with bias ≠ 0 the
 * per-channel bias (and ReLU when relu ≠ 0) is applied to each sample's output while it is in cache.
 */
export function conv2d(
  x: usize, w: usize, y: usize, geometry: usize, from: i32, to: i32,
  bias: usize, relu: i32, col: usize, scratch: usize,
): void {
  const inSize = g(geometry, C) * g(geometry, H) * g(geometry, W);
  const depth = g(geometry, C) * g(geometry, KH) * g(geometry, KW);
  const outChannels = g(geometry, O);
  const plane = g(geometry, HO) * g(geometry, WO);
  for (let n = from; n < to; n++) {
    const coln = columnsOf(geometry, n, depth * plane, col);
    im2col(at(x, n * inSize), geometry, coln);
    const yn = at(y, n * outChannels * plane);
    gemm(outChannels, plane, depth, w, depth, 1, coln, plane, 1, yn, plane, 0, scratch);
    if (bias != 0) biasActivation(yn, outChannels, plane, bias, relu);
  }
}

/** dW [O, C·kh·kw] = Σ over samples [from, to) of dy_n · col_nᵀ (dW is overwritten; col_n the kept one when named). */
export function conv2dGradFilter(
  x: usize, dy: usize, dw: usize, geometry: usize, from: i32, to: i32, col: usize, scratch: usize,
): void {
  const inSize = g(geometry, C) * g(geometry, H) * g(geometry, W);
  const depth = g(geometry, C) * g(geometry, KH) * g(geometry, KW);
  const outChannels = g(geometry, O);
  const plane = g(geometry, HO) * g(geometry, WO);
  if (to <= from) memory.fill(dw, 0, <usize>(outChannels * depth) << 2);
  const kept = g(geometry, COLUMNS) != 0;
  for (let n = from; n < to; n++) {
    const coln = columnsOf(geometry, n, depth * plane, col);
    if (!kept) im2col(at(x, n * inSize), geometry, coln);
    gemm(outChannels, depth, plane, at(dy, n * outChannels * plane), plane, 1, coln, 1, plane, dw, depth, n > from ? 1 : 0, scratch);
  }
}

/** dx [N, C, H, W] for samples [from, to) = col2im(Wᵀ · dy_n). */
export function conv2dGradInput(
  dy: usize, w: usize, dx: usize, geometry: usize, from: i32, to: i32, col: usize, scratch: usize,
): void {
  const inSize = g(geometry, C) * g(geometry, H) * g(geometry, W);
  const depth = g(geometry, C) * g(geometry, KH) * g(geometry, KW);
  const outChannels = g(geometry, O);
  const plane = g(geometry, HO) * g(geometry, WO);
  for (let n = from; n < to; n++) {
    gemm(depth, plane, outChannels, w, 1, depth, at(dy, n * outChannels * plane), plane, 1, col, plane, 0, scratch);
    col2im(col, geometry, at(dx, n * inSize));
  }
}

/**
 * out[o] = Σ over the planes q of dz [planes, plane] with q mod channels = o of the plane's sum: a
 * convolution's bias gradient over dz [N, O, Ho, Wo] (written, not accumulated).
 */
export function channelSums(dz: usize, planes: i32, channels: i32, plane: i32, out: usize): void {
  memory.fill(out, 0, <usize>channels << 2);
  for (let q = 0; q < planes; q++) {
    const from = at(dz, q * plane);
    let lanes = f32x4.splat(0);
    let s = 0;
    for (; s + 4 <= plane; s += 4) lanes = f32x4.add(lanes, v128.load(at(from, s)));
    let sum = f32x4.extract_lane(lanes, 0) + f32x4.extract_lane(lanes, 1) + f32x4.extract_lane(lanes, 2) + f32x4.extract_lane(lanes, 3);
    for (; s < plane; s++) sum += load<f32>(at(from, s));
    const p = at(out, q % channels);
    store<f32>(p, load<f32>(p) + sum);
  }
}
