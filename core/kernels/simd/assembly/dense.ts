// AssemblyScript: the elementwise half of a dense layer, on rows already in the module's memory, so the
// layer's whole pass stays here between the products (core/kernels/dense.ts has the contract):
//
//   forward epilogue   y[i, j] = f(z[i, j] + b[j])             f: none, ReLU, σ or tanh
//   backward           dz = f'(y) ⊙ dy  (from y = f(z): ReLU 1[y > 0], σ y(1 − y), tanh 1 − y²)
//                      db[j] = Σ_i dz[i, j]
//
// σ and tanh need e^x, which WebAssembly has no instruction for: exp4 is Cephes' expf on four lanes
// (range reduction by ln 2 in two parts, a degree-6 polynomial on [−ln2/2, ln2/2], 2ⁿ built in the
// exponent bits), about 1 ulp in float32; tanh uses Cephes' tanhf polynomial where |x| < 0.625, where
// 1 − 2/(e^{2x} + 1) would cancel.

/** Activation codes shared with the host (core/kernels/simd/provider.ts NATIVE_ACTIVATIONS). */
export const ACT_NONE: i32 = 0;
export const ACT_RELU: i32 = 1;
export const ACT_SIGMOID: i32 = 2;
export const ACT_TANH: i32 = 3;

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

/** e^x per lane; x is clamped to [−87.3, 88] so 2ⁿ stays a normal float (e^x is 1e-38 … 1.7e38 there). */
@inline function exp4(x: v128): v128 {
  // pmax(x, lo) = x < lo ? lo : x and pmin(·, hi) = hi < · ? hi : ·: one instruction each where min/max are
  // a sequence, the same values (the bounds are not ±0, and NaN passes through both, as through min/max).
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.0));
  // n = nearest(x·log₂e) by adding and taking away 1.5·2²³ (ties to even, exact for |x·log₂e| < 2²²), whose
  // bits then hold n as an integer: no float-to-int conversion, which is a sequence too.
  const shifted = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
  const n = f32x4.sub(shifted, f32x4.splat(12582912.0));
  // r = x − n·ln 2, with ln 2 = 0.693359375 − 2.12194440e-4 (the first part exact in few bits).
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.add(r, f32x4.mul(n, f32x4.splat(2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  // e^r ≈ 1 + r + r²·p(r)
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  // 2ⁿ: (n + 127) << 23, n being the bits of 1.5·2²³ + n less those of 1.5·2²³ (0x4B400000).
  const scale = i32x4.shl(i32x4.sub(shifted, i32x4.splat(0x4B400000 - 127)), 23);
  return f32x4.mul(p, scale);
}

/** σ(x) = 1/(1 + e^−x) per lane. */
@inline function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** tanh x per lane: x + x³·P(x²) where |x| < 0.625, else sign(x)·(1 − 2/(e^{2|x|} + 1)). */
@inline function tanh4(x: v128): v128 {
  const a = f32x4.abs(x);
  const one = f32x4.splat(1);
  const large = f32x4.sub(one, f32x4.div(f32x4.splat(2), f32x4.add(exp4(f32x4.add(a, a)), one)));
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  return v128.bitselect(small, signed, f32x4.lt(a, f32x4.splat(0.625)));
}

@inline function activate4(v: v128, act: i32): v128 {
  if (act == ACT_RELU) return f32x4.max(v, f32x4.splat(0));
  if (act == ACT_SIGMOID) return sigmoid4(v);
  if (act == ACT_TANH) return tanh4(v);
  return v;
}

/** f'(y) ⊙ dy per lane, from y = f(z). */
@inline function gradient4(y: v128, dy: v128, act: i32): v128 {
  if (act == ACT_RELU) return v128.and(dy, f32x4.gt(y, f32x4.splat(0)));
  if (act == ACT_SIGMOID) return f32x4.mul(dy, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y)));
  if (act == ACT_TANH) return f32x4.mul(dy, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  return dy;
}

/**
 * y[i, j] ← f(y[i, j] + b[j]) over `rows` rows of `cols` values, in place. A row's tail of fewer than
 * four values goes through the same vector code on a staged copy, so every value sees the same f.
 */
export function denseEpilogue(y: usize, rows: i32, cols: i32, bias: usize, act: i32, tail: usize): void {
  const full = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const row = at(y, i * cols);
    for (let j = 0; j < full; j += 4) {
      const p = at(row, j);
      v128.store(p, activate4(f32x4.add(v128.load(p), v128.load(at(bias, j))), act));
    }
    if (full < cols) {
      for (let j = full; j < cols; j++) store<f32>(at(tail, j - full), load<f32>(at(row, j)) + load<f32>(at(bias, j)));
      v128.store(tail, activate4(v128.load(tail), act));
      for (let j = full; j < cols; j++) store<f32>(at(row, j), load<f32>(at(tail, j - full)));
    }
  }
}

/** dz[i] = f'(y[i])·dy[i] for `count` values (dz may be dy). */
export function activationGradient(y: usize, dy: usize, dz: usize, count: i32, act: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) v128.store(at(dz, i), gradient4(v128.load(at(y, i)), v128.load(at(dy, i)), act));
  for (; i < count; i++) {
    const f = load<f32>(at(y, i));
    const g = load<f32>(at(dy, i));
    let d = g;
    if (act == ACT_RELU) d = f > 0 ? g : 0;
    else if (act == ACT_SIGMOID) d = g * (f * (1 - f));
    else if (act == ACT_TANH) d = g * (1 - f * f);
    store<f32>(at(dz, i), d);
  }
}

/** out[j] = Σ_i dz[i, j] over `rows` rows of `cols` values (written, not accumulated). */
export function columnSums(dz: usize, rows: i32, cols: i32, out: usize): void {
  memory.fill(out, 0, <usize>cols << 2);
  const full = cols & ~3;
  for (let i = 0; i < rows; i++) {
    const row = at(dz, i * cols);
    for (let j = 0; j < full; j += 4) {
      const p = at(out, j);
      v128.store(p, f32x4.add(v128.load(p), v128.load(at(row, j))));
    }
    for (let j = full; j < cols; j++) {
      const p = at(out, j);
      store<f32>(p, load<f32>(p) + load<f32>(at(row, j)));
    }
  }
}
