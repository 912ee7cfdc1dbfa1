/**
 * When the WASM module cannot be loaded (here: a wrong wasmPaths), wasm is reported unavailable with
 * the path in the reason and `auto` chooses among the remaining measured providers; nothing throws. Its own file, so
 * the provider cache and the tfjs engine start fresh.
 */
import { describe, expect, it, vi } from 'vitest';
import { autoChoice, detectProviders, selectKernels } from './select.js';

describe('provider fallback', () => {
  it('reports a WASM module that fails to load and auto chooses among the others', async () => {
    // tfjs and emscripten log the load failure themselves; keep the test output clean.
    for (const method of ['error', 'warn', 'log'] as const) vi.spyOn(console, method).mockImplementation(() => undefined);
    const options = { wasmPaths: '/nonexistent-backprop-lab-wasm/' };
    const wasm = (await detectProviders(options)).find((p) => p.name === 'wasm')!;
    expect(wasm.available).toBe(false);
    expect(wasm.reason).toMatch(/failed to initialise with wasmPaths "\/nonexistent-backprop-lab-wasm\/"/);
    const chosen = await autoChoice(options);
    expect(chosen.timings.map((t) => t.provider)).toEqual(['simd', 'js']);
    expect((await selectKernels('auto', options)).name).toBe(chosen.provider);
    expect(['simd', 'js']).toContain(chosen.provider);
    await expect(selectKernels('wasm', options)).rejects.toThrow(/Kernel provider 'wasm' is unavailable/);
    vi.restoreAllMocks();
  });
});
