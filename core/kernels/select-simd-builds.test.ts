/**
 * The `simd` provider's builds through selectKernels: each build asked for in one process is the one
 * given (the provider cache is keyed by the options that change the build), and a fused multiply-add
 * build that fails to load falls back to the plain one, saying so in the status. Its own file, so the
 * provider cache starts fresh.
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import { detectProviders, loadSimd, selectKernels } from './select.js';
import { loadSimdKernels, simdFmaWanted } from './simd/index.js';
import { matmulReference } from './reference.js';

describe('the simd provider’s builds in one process', () => {
  it('gives the fused build by default and the plain one when asked afterwards, each with its own status', async () => {
    // Under Node the -fma build loads by default (fma.test.ts); without that the test would prove nothing.
    expect(simdFmaWanted()).toBe(true);
    const fused = await selectKernels('simd', { simdThreads: 1 });
    const plain = await selectKernels('simd', { simdThreads: 1, simdFma: false });
    expect(fused.fma).toBe(true);
    expect(plain.fma).toBe(false);
    const codes = async (simdFma?: boolean) =>
      (await detectProviders({ simdThreads: 1, simdFma })).find((s) => s.name === 'simd')!.detailData!.map((d) => d.code);
    expect(await codes()).toContain('provider.simd-fma');
    expect(await codes(false)).not.toContain('provider.simd-fma');
    // Asked again, each is the instance already loaded.
    expect(await selectKernels('simd', { simdThreads: 1 })).toBe(fused);
  });
});

describe('a fused multiply-add build that passes the probe but fails to load', () => {
  const failingFma: typeof loadSimdKernels = (threads, options = {}) =>
    options.fma === false ? loadSimdKernels(threads, options) : Promise.reject(new Error('CompileError: invalid opcode 0xfd105'));

  it('is replaced by the plain build, and the status names the failure', async () => {
    const loaded = await loadSimd({ simdThreads: 1 }, failingFma);
    expect(loaded.status.available).toBe(true);
    const notes = loaded.status.detailData!;
    expect(notes.map((d) => d.code)).not.toContain('provider.simd-fma');
    expect(notes.find((d) => d.code === 'provider.simd-fma-failed')?.params).toEqual({ error: 'CompileError: invalid opcode 0xfd105' });
    const kernels = loaded.create!();
    expect(kernels.fma).toBe(false);
    // The plain build computes: a 5×3·3×2 product against the definition.
    const a = new Tensor([5, 3], Float32Array.from({ length: 15 }, (_, i) => i - 7));
    const b = new Tensor([3, 2], Float32Array.from({ length: 6 }, (_, i) => 0.5 * i + 1));
    const expected = matmulReference(a.as('float64'), b.as('float64'));
    expect(Array.from(kernels.matmul(a, b).data)).toEqual(Array.from(expected.data));
  });

  it('is not blamed when the plain build fails too: the provider is unavailable with that failure', async () => {
    const failing: typeof loadSimdKernels = () => Promise.reject(new Error('no WebAssembly here'));
    await expect(loadSimd({ simdThreads: 1 }, failing)).rejects.toThrow('no WebAssembly here');
  });
});
