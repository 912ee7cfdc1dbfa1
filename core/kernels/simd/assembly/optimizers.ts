// AssemblyScript: the optimizers' updates over float32 parameters in the module's memory, four lanes at a
// time (core/optim/sgd.ts and adam.ts hold the formulas and the TypeScript reference):
//
//   SGD    θ ← θ − η·g
//   Adam   m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  θ ← θ − s·m / (ε + √(v·c))
//          with s = η/(1 − β₁ᵗ) and c = 1/(1 − β₂ᵗ) computed by the host once per step.

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

export function sgdUpdate(theta: usize, grad: usize, count: i32, lr: f32): void {
  const rate = f32x4.splat(lr);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const p = at(theta, i);
    v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(rate, v128.load(at(grad, i)))));
  }
  for (; i < count; i++) store<f32>(at(theta, i), load<f32>(at(theta, i)) - lr * load<f32>(at(grad, i)));
}

export function adamUpdate(
  theta: usize, grad: usize, m: usize, v: usize, count: i32,
  stepSize: f32, secondScale: f32, beta1: f32, beta2: f32, epsilon: f32,
): void {
  const b1 = f32x4.splat(beta1), c1 = f32x4.splat(1 - beta1);
  const b2 = f32x4.splat(beta2), c2 = f32x4.splat(1 - beta2);
  const s = f32x4.splat(stepSize), c = f32x4.splat(secondScale), e = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const g = v128.load(at(grad, i));
    const mean = f32x4.add(f32x4.mul(b1, v128.load(at(m, i))), f32x4.mul(c1, g));
    const meanSquare = f32x4.add(f32x4.mul(b2, v128.load(at(v, i))), f32x4.mul(c2, f32x4.mul(g, g)));
    v128.store(at(m, i), mean);
    v128.store(at(v, i), meanSquare);
    const p = at(theta, i);
    v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(s, mean), f32x4.add(e, f32x4.sqrt(f32x4.mul(meanSquare, c))))));
  }
  for (; i < count; i++) {
    const g = load<f32>(at(grad, i));
    const mean = beta1 * load<f32>(at(m, i)) + (1 - beta1) * g;
    const meanSquare = beta2 * load<f32>(at(v, i)) + (1 - beta2) * g * g;
    store<f32>(at(m, i), mean);
    store<f32>(at(v, i), meanSquare);
    store<f32>(at(theta, i), load<f32>(at(theta, i)) - (stepSize * mean) / (epsilon + Mathf.sqrt(meanSquare * secondScale)));
  }
}
