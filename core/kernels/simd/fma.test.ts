/**
 * Which build the `simd` provider loads: the relaxed-SIMD (`-fma`) one wherever the runtime validates
 * relaxed SIMD, the plain one when asked. Node 20 validates it once the provider has set V8's flag
 * (module.ts), so under Node the probe must find it. Their results are checked against the definition
 * in conformance.test.ts; here, that both stay within float32's error bound of the float64 product on a
 * product that runs through the GEMM micro-kernel, and the environment variable that turns it off.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { loadSimdKernels } from './index.js';
import { SIMD_FMA_VARIABLE, relaxedSimdAvailable, simdFmaAllowed } from './module.js';
import { createReferenceKernels } from '../reference.js';
import { randomTensor } from '../../testing/tensors.js';

describe('the simd provider’s fused multiply-add build', () => {
  it('is found under Node (the probe sets V8’s relaxed-SIMD flag where it is off)', () => {
    expect(relaxedSimdAvailable()).toBe(true);
  });

  it('is loaded by default and left out when asked', async () => {
    expect((await loadSimdKernels(1)).fma).toBe(true);
    expect((await loadSimdKernels(1, { fma: false })).fma).toBe(false);
    const threaded = await loadSimdKernels(2, { splitFrom: 0 });
    expect(threaded.fma).toBe(true);
    threaded.dispose?.();
  });

  it('gives, like the plain build, each entry of a product within the float32 error bound of the float64 definition', async () => {
    const rng = new Rng(5);
    const [m, k, n] = [67, 300, 45];
    const a = randomTensor([m, k], rng);
    const b = randomTensor([k, n], rng);
    const fused = (await loadSimdKernels(1)).matmul(a.as('float32'), b.as('float32'));
    const plain = (await loadSimdKernels(1, { fma: false })).matmul(a.as('float32'), b.as('float32'));
    const exact = createReferenceKernels().matmul(a, b);
    // A float32 dot product of k terms, fused or not, is within γ·Σ|aᵢ||bᵢ| of the exact one, with
    // γ = n·u/(1 − n·u), u = 2⁻²⁴ and n = k + 2 (k roundings of the sum, two of the operands into float32;
    // Higham, Accuracy and Stability, §3.1). Whether fused and plain differ depends on the CPU (V8 lowers
    // relaxed_madd to a multiply and an add without FMA3), so only the bound is asserted.
    const u = 2 ** -24;
    const gamma = ((k + 2) * u) / (1 - (k + 2) * u);
    let worstFused = 0;
    let worstPlain = 0;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let magnitude = 0;
        for (let p = 0; p < k; p++) magnitude += Math.abs(a.data[i * k + p]! * b.data[p * n + j]!);
        const bound = gamma * magnitude;
        worstFused = Math.max(worstFused, Math.abs(fused.data[i * n + j]! - exact.data[i * n + j]!) / bound);
        worstPlain = Math.max(worstPlain, Math.abs(plain.data[i * n + j]! - exact.data[i * n + j]!) / bound);
      }
    }
    expect(worstFused).toBeLessThanOrEqual(1);
    expect(worstPlain).toBeLessThanOrEqual(1);
  });

  it('is left out when BACKPROP_LAB_SIMD_FMA=0', () => {
    expect(simdFmaAllowed({ [SIMD_FMA_VARIABLE]: '0' })).toBe(false);
    expect(simdFmaAllowed({ [SIMD_FMA_VARIABLE]: '1' })).toBe(true);
    expect(simdFmaAllowed({})).toBe(true);
  });
});
