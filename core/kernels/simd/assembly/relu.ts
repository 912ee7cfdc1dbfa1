// AssemblyScript: ReLU and its gradient over float32 buffers in the module, four lanes at a time, with the
// same integer forms as the host's definition (core/kernels/relu32.ts), so the results are bit for bit
// the same (−0 becomes +0; a NaN whose sign bit is clear stays NaN):
//
//   forward   bits(y)  = bits(z) & ~(bits(z) >> 31)
//   backward  bits(dz) = bits(dy) & (((−bits(y)) & ~bits(y)) >> 31)   (all ones exactly when y > +0)

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

export function reluForward(z: usize, y: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const bits = v128.load(at(z, i));
    v128.store(at(y, i), v128.andnot(bits, i32x4.shr_s(bits, 31)));
  }
  for (; i < count; i++) {
    const bits = load<i32>(at(z, i));
    store<i32>(at(y, i), bits & ~(bits >> 31));
  }
}

export function reluBackward(y: usize, dy: usize, dz: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const bits = v128.load(at(y, i));
    const mask = i32x4.shr_s(v128.andnot(i32x4.neg(bits), bits), 31);
    v128.store(at(dz, i), v128.and(v128.load(at(dy, i)), mask));
  }
  for (; i < count; i++) {
    const bits = load<i32>(at(y, i));
    store<i32>(at(dz, i), load<i32>(at(dy, i)) & ((-bits & ~bits) >> 31));
  }
}
