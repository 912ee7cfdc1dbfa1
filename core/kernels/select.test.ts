/**
 * Provider detection and choice: absent tfjs-node packages are reported with a reason and never break
 * anything, an explicit unavailable choice fails naming the provider and the reason, `auto` takes the
 * provider its measurement found fastest, and float64 always reaches the reference arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '../tensor.js';
import type { Kernels, ProviderName } from './kernels.js';
import { AUTO_ORDER, MEASURED, autoChoice, detectProviders, selectKernels } from './select.js';
import { measureAutoChoice } from './auto-choice.js';
import { matmulReference } from './reference.js';

const statuses = await detectProviders();

describe('detectProviders', () => {
  it('reports every provider once, in the auto order', () => {
    expect(statuses.map((s) => s.name)).toEqual([...AUTO_ORDER]);
  });

  it('always offers the plain-TypeScript providers', () => {
    for (const name of ['reference', 'js'] as const) {
      expect(statuses.find((s) => s.name === name)?.available).toBe(true);
    }
  });

  it('gives a reason for each unavailable provider and details for each available one', () => {
    for (const status of statuses) {
      if (status.available) expect(status.detail).toBeTruthy();
      else expect(status.reason).toMatch(new RegExp(status.name.replace(/-/g, '.')));
    }
  });

  it('describes the WASM backend (SIMD, threads)', () => {
    const wasm = statuses.find((s) => s.name === 'wasm');
    if (wasm?.available) expect(wasm.detail).toMatch(/SIMD.*thread/);
  });
});

describe('selectKernels', () => {
  it('auto gives the provider its measurement found fastest among every available measured provider', async () => {
    const choice = await autoChoice();
    const measurable = statuses.filter((s) => s.available && MEASURED.includes(s.name)).map((s) => s.name);
    expect(choice.timings.map((t) => t.provider)).toEqual(measurable);
    const fastest = [...choice.timings].sort((a, b) => a.milliseconds - b.milliseconds)[0]!;
    expect(choice.provider).toBe(fastest.provider);
    expect(choice.reason).toContain(fastest.provider);
    expect((await selectKernels('auto')).name).toBe(choice.provider);
  });

  it('the choice goes to the smallest time and says by how much', () => {
    const fake = (name: ProviderName) => ({ name, create: () => ({ name }) as Kernels });
    const times: Record<string, number> = { simd: 9, wasm: 3, js: 12 };
    const choice = measureAutoChoice([fake('simd'), fake('wasm'), fake('js')], (k) => times[k.name]!);
    expect(choice.provider).toBe('wasm');
    expect(choice.reason).toMatch(/wasm .* 3\.0 ms, 3\.00× faster than simd \(9\.0 ms\)/);
    expect(measureAutoChoice([fake('js')], () => 1).reason).toBe('js is the only float32 provider available');
  });

  it('an explicit unavailable provider fails with its name and reason', async () => {
    const missing = statuses.find((s) => !s.available);
    if (!missing) return;
    await expect(selectKernels(missing.name)).rejects.toThrow(`Kernel provider '${missing.name}' is unavailable: ${missing.reason}`);
  });

  it('an unknown name fails listing the valid ones', async () => {
    await expect(selectKernels('cuda' as ProviderName)).rejects.toThrow(/Unknown kernel provider 'cuda'.*reference/);
  });

  it('float64 operands give float64 results equal to the reference on every available provider', async () => {
    const a = Tensor.from([3, 80], Array.from({ length: 240 }, (_, i) => Math.sin(i) / 3), 'float64');
    const b = Tensor.from([80, 90], Array.from({ length: 7200 }, (_, i) => Math.cos(i) / 7), 'float64');
    const expected = matmulReference(a, b);
    for (const status of statuses.filter((s) => s.available)) {
      const result = (await selectKernels(status.name)).matmul(a, b);
      expect(result.dtype, status.name).toBe('float64');
      expect(Array.from(result.data), status.name).toEqual(Array.from(expected.data));
    }
  });
});
