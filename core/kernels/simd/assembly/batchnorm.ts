// AssemblyScript: batch normalisation's passes over float32 x [batch, channels, spatial] in the module
// (core/kernels/batchnorm.ts holds the formulas and the definition's loops). Channel c of sample n is the
// run of `spatial` values at (n·C + c)·S. Everything is computed in float64 as the definition does (two
// f64x2 halves of each f32x4), so the statistics of ~10⁵ values keep their digits and x − μ does not
// cancel in float32; results are rounded to float32 once, when stored.
//
//   forward   training: μ = Σ x / count, σ² = Σ (x − μ)² / count; inv = 1/√(σ² + ε)
//             x̂ = (x − μ)·inv, y = γ·x̂ + β
//   backward  dβ = Σ dy, dγ = Σ dy·x̂ (batchNormGradientSums), then dx = a·(w·dy − s − x̂·t) with each
//             channel's (a, w, s, t) given (batchNormInputGradient; ../batchnorm.ts computes them)

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

@inline function at64(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

@inline function low(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

@inline function high(v: v128): v128 {
  return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
}

/** Four float64 lanes (two f64x2) rounded to float32 and stored as one f32x4. */
@inline function store4(p: usize, lo: v128, hi: v128): void {
  v128.store(p, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
}

@inline function sum2(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** Σ x and then Σ (x − μ)² over channel c's runs: writes μ and σ² (float64). */
function moments(x: usize, batch: i32, channels: i32, spatial: i32, c: i32, mean: usize, variance: usize): void {
  const count = <f64>batch * <f64>spatial;
  let a = f64x2.splat(0), b = f64x2.splat(0);
  let tail: f64 = 0;
  for (let n = 0; n < batch; n++) {
    const run = at(x, (n * channels + c) * spatial);
    let k = 0;
    for (; k + 4 <= spatial; k += 4) {
      const v = v128.load(at(run, k));
      a = f64x2.add(a, low(v));
      b = f64x2.add(b, high(v));
    }
    for (; k < spatial; k++) tail += <f64>load<f32>(at(run, k));
  }
  const mu = (sum2(a) + sum2(b) + tail) / count;
  const m = f64x2.splat(mu);
  a = f64x2.splat(0);
  b = f64x2.splat(0);
  tail = 0;
  for (let n = 0; n < batch; n++) {
    const run = at(x, (n * channels + c) * spatial);
    let k = 0;
    for (; k + 4 <= spatial; k += 4) {
      const v = v128.load(at(run, k));
      const d0 = f64x2.sub(low(v), m), d1 = f64x2.sub(high(v), m);
      a = f64x2.add(a, f64x2.mul(d0, d0));
      b = f64x2.add(b, f64x2.mul(d1, d1));
    }
    for (; k < spatial; k++) {
      const d = <f64>load<f32>(at(run, k)) - mu;
      tail += d * d;
    }
  }
  store<f64>(at64(mean, c), mu);
  store<f64>(at64(variance, c), (sum2(a) + sum2(b) + tail) / count);
}

/** The training pass's statistics alone: μ and σ² of every channel (written), no x̂ or y. */
export function batchNormStatistics(x: usize, batch: i32, channels: i32, spatial: i32, mean: usize, variance: usize): void {
  for (let c = 0; c < channels; c++) moments(x, batch, channels, spatial, c, mean, variance);
}

/**
 * x̂ and y for every channel; with training ≠ 0 μ and σ² are the batch's (written), else read. Writes
 * inverseStd[c] = 1/√(σ² + ε).
 */
export function batchNormForward(
  x: usize, xhat: usize, y: usize, gamma: usize, beta: usize, batch: i32, channels: i32, spatial: i32,
  training: i32, epsilon: f64, mean: usize, variance: usize, inverseStd: usize,
): void {
  for (let c = 0; c < channels; c++) {
    if (training) moments(x, batch, channels, spatial, c, mean, variance);
    const mu = load<f64>(at64(mean, c));
    const inverse = 1 / Math.sqrt(load<f64>(at64(variance, c)) + epsilon);
    store<f64>(at64(inverseStd, c), inverse);
    const g = <f64>load<f32>(at(gamma, c)), b = <f64>load<f32>(at(beta, c));
    const m = f64x2.splat(mu), s = f64x2.splat(inverse), gv = f64x2.splat(g), bv = f64x2.splat(b);
    for (let n = 0; n < batch; n++) {
      const offset = (n * channels + c) * spatial;
      let k = 0;
      for (; k + 4 <= spatial; k += 4) {
        const v = v128.load(at(x, offset + k));
        const n0 = f64x2.mul(f64x2.sub(low(v), m), s), n1 = f64x2.mul(f64x2.sub(high(v), m), s);
        store4(at(xhat, offset + k), n0, n1);
        store4(at(y, offset + k), f64x2.add(f64x2.mul(gv, n0), bv), f64x2.add(f64x2.mul(gv, n1), bv));
      }
      for (; k < spatial; k++) {
        const normal = (<f64>load<f32>(at(x, offset + k)) - mu) * inverse;
        store<f32>(at(xhat, offset + k), <f32>normal);
        store<f32>(at(y, offset + k), <f32>(g * normal + b));
      }
    }
  }
}

/**
 * Per channel, in float64: sums[c] = dβ = Σ dy and sums[C + c] = dγ = Σ dy·x̂; gradBeta[c] and gradGamma[c]
 * the same rounded to float32.
 */
export function batchNormGradientSums(
  dy: usize, xhat: usize, batch: i32, channels: i32, spatial: i32, sums: usize, gradGamma: usize, gradBeta: usize,
): void {
  for (let c = 0; c < channels; c++) {
    let sb0 = f64x2.splat(0), sb1 = f64x2.splat(0), sg0 = f64x2.splat(0), sg1 = f64x2.splat(0);
    let tailBeta: f64 = 0, tailGamma: f64 = 0;
    for (let n = 0; n < batch; n++) {
      const offset = (n * channels + c) * spatial;
      let k = 0;
      for (; k + 4 <= spatial; k += 4) {
        const d = v128.load(at(dy, offset + k)), h = v128.load(at(xhat, offset + k));
        const d0 = low(d), d1 = high(d);
        sb0 = f64x2.add(sb0, d0);
        sb1 = f64x2.add(sb1, d1);
        sg0 = f64x2.add(sg0, f64x2.mul(d0, low(h)));
        sg1 = f64x2.add(sg1, f64x2.mul(d1, high(h)));
      }
      for (; k < spatial; k++) {
        const d = <f64>load<f32>(at(dy, offset + k));
        tailBeta += d;
        tailGamma += d * <f64>load<f32>(at(xhat, offset + k));
      }
    }
    const dBeta = sum2(sb0) + sum2(sb1) + tailBeta;
    const dGamma = sum2(sg0) + sum2(sg1) + tailGamma;
    store<f64>(at64(sums, c), dBeta);
    store<f64>(at64(sums, channels + c), dGamma);
    store<f32>(at(gradBeta, c), <f32>dBeta);
    store<f32>(at(gradGamma, c), <f32>dGamma);
  }
}

/** dx = a·(w·dy − s − x̂·t) with channel c's float64 (a, w, s, t) at coefficients[4c…4c + 3]. */
export function batchNormInputGradient(dy: usize, xhat: usize, batch: i32, channels: i32, spatial: i32, coefficients: usize, dx: usize): void {
  for (let c = 0; c < channels; c++) {
    const perValue = load<f64>(at64(coefficients, 4 * c)), weight = load<f64>(at64(coefficients, 4 * c + 1));
    const shift = load<f64>(at64(coefficients, 4 * c + 2)), slope = load<f64>(at64(coefficients, 4 * c + 3));
    const a = f64x2.splat(perValue), w = f64x2.splat(weight), s = f64x2.splat(shift), t = f64x2.splat(slope);
    for (let n = 0; n < batch; n++) {
      const offset = (n * channels + c) * spatial;
      let k = 0;
      for (; k + 4 <= spatial; k += 4) {
        const d = v128.load(at(dy, offset + k)), h = v128.load(at(xhat, offset + k));
        const r0 = f64x2.mul(a, f64x2.sub(f64x2.sub(f64x2.mul(w, low(d)), s), f64x2.mul(low(h), t)));
        const r1 = f64x2.mul(a, f64x2.sub(f64x2.sub(f64x2.mul(w, high(d)), s), f64x2.mul(high(h), t)));
        store4(at(dx, offset + k), r0, r1);
      }
      for (; k < spatial; k++) {
        const d = <f64>load<f32>(at(dy, offset + k)), h = <f64>load<f32>(at(xhat, offset + k));
        store<f32>(at(dx, offset + k), <f32>(perValue * (weight * d - shift - h * slope)));
      }
    }
  }
}
