/**
 * Which build the `simd` provider loads: the relaxed-SIMD (`-fma`) one wherever the runtime validates
 * relaxed SIMD, the plain one when asked. Node 20 validates it once the provider has set V8's flag
 * (module.ts), so under Node the probe must find it. Their results are checked against the definition
 * in conformance.test.ts; here, that the two builds agree with each other to float32 rounding on a
 * product that runs through the GEMM micro-kernel.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { loadSimdKernels } from './index.js';
import { relaxedSimdAvailable } from './module.js';
import { createReferenceKernels } from '../reference.js';
import { randomTensor, relativeError } from '../../testing/tensors.js';

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

  it('gives what the plain build gives to float32 rounding, both within 1e-4 of the float64 definition', async () => {
    const rng = new Rng(5);
    const a = randomTensor([67, 300], rng);
    const b = randomTensor([300, 45], rng);
    const fused = (await loadSimdKernels(1)).matmul(a.as('float32'), b.as('float32'));
    const plain = (await loadSimdKernels(1, { fma: false })).matmul(a.as('float32'), b.as('float32'));
    const exact = createReferenceKernels().matmul(a, b);
    expect(relativeError(fused, exact)).toBeLessThanOrEqual(1e-4);
    expect(relativeError(plain, exact)).toBeLessThanOrEqual(1e-4);
    // Fused and unfused roundings differ somewhere in 67×45 sums of 300 products.
    expect(Array.from(fused.data).some((v, i) => v !== plain.data[i])).toBe(true);
  });
});
