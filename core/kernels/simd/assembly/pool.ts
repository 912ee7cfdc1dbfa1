// AssemblyScript: 2×2 max pooling with stride 2 (TEXTBOOK §1), four outputs at a time, and the scatter of
// its backward pass. Per window (top row t, bottom row b):
//
//   k₀ = t + [x[t+1] > x[t]],  k₁ = b + [x[b+1] > x[b]],  k = x[k₁] > x[k₀] ? k₁ : k₀,  y = x[k]
//
// the same comparisons, in the same order, as core/layers/maxpool2d.ts, so ties and NaN resolve the
// same way (the first maximum in row-major window order); k is the flat input index kept for backward.

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

export function maxPool2x2(
  x: usize, y: usize, argmax: usize, planes: i32, height: i32, width: i32, outHeight: i32, outWidth: i32,
): void {
  const one = i32x4.splat(1);
  const lanes = i32x4(0, 2, 4, 6);
  const full = outWidth & ~3;
  let out = 0;
  for (let plane = 0; plane < planes; plane++) {
    const base = plane * height * width;
    for (let i = 0; i < outHeight; i++) {
      const top = base + 2 * i * width;
      let j = 0;
      for (; j < full; j += 4, out += 4) {
        const t = at(x, top + 2 * j);
        const b = at(x, top + width + 2 * j);
        const t0 = v128.load(t), t1 = v128.load(t, 16), b0 = v128.load(b), b1 = v128.load(b, 16);
        const tl = v128.shuffle<f32>(t0, t1, 0, 2, 4, 6), tr = v128.shuffle<f32>(t0, t1, 1, 3, 5, 7);
        const bl = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), br = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        const c0 = f32x4.gt(tr, tl), c1 = f32x4.gt(br, bl);
        const v0 = v128.bitselect(tr, tl, c0), v1 = v128.bitselect(br, bl, c1);
        const c = f32x4.gt(v1, v0);
        const index = i32x4.add(i32x4.splat(top + 2 * j), lanes);
        const k0 = i32x4.add(index, v128.and(c0, one));
        const k1 = i32x4.add(i32x4.add(index, i32x4.splat(width)), v128.and(c1, one));
        v128.store(at(y, out), v128.bitselect(v1, v0, c));
        v128.store(at(argmax, out), v128.bitselect(k1, k0, c));
      }
      for (; j < outWidth; j++, out++) {
        const t = top + 2 * j;
        const b = t + width;
        const k0 = t + i32(load<f32>(at(x, t + 1)) > load<f32>(at(x, t)));
        const k1 = b + i32(load<f32>(at(x, b + 1)) > load<f32>(at(x, b)));
        const k = load<f32>(at(x, k1)) > load<f32>(at(x, k0)) ? k1 : k0;
        store<f32>(at(y, out), load<f32>(at(x, k)));
        store<i32>(at(argmax, out), k);
      }
    }
  }
}

/** dx = 0, then dx[argmax[k]] += dy[k] for the `count` outputs. */
export function maxPoolBackward(dy: usize, argmax: usize, count: i32, dx: usize, inputs: i32): void {
  memory.fill(dx, 0, <usize>inputs << 2);
  for (let k = 0; k < count; k++) {
    const p = at(dx, load<i32>(at(argmax, k)));
    store<f32>(p, load<f32>(p) + load<f32>(at(dy, k)));
  }
}
