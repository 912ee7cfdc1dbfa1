/**
 * bench-kernels: the report lists every provider (unavailable ones with their reason) and one figure per
 * case for the chosen provider, with GFLOP/s consistent with the case's operation count and the time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReferenceKernels } from '../../core/kernels/reference.js';
import { Tensor } from '../../core/tensor.js';
import { benchCases, benchKernelsCommand, measure, type BenchReport } from './bench-kernels.js';
import { UsageError } from './args.js';

function captureStdout(): { text: () => string } {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return { text: () => out };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('bench-kernels', () => {
  it('counts 2·m·k·n operations for a product and reports flops / time', () => {
    const product = benchCases().find((c) => c.id === '256x784x256')!;
    expect(product.flops).toBe(2 * 256 * 784 * 256);
    const tiny = { id: 't', label: 't', flops: 2 * 3 * 4 * 5, prepare: () => () => createReferenceKernels().matmul(Tensor.zeros([3, 4]), Tensor.zeros([4, 5])) };
    const result = measure(tiny, createReferenceKernels(), 'reference', 0.01);
    expect(result.gflops).toBeCloseTo(tiny.flops / (result.microseconds * 1e-6) / 1e9, 6);
  });

  it('--json gives every case for the chosen provider and every provider status', async () => {
    const stdout = captureStdout();
    const code = await benchKernelsCommand(['--json', '--provider', 'wasm', '--seconds', '0.01', '--clock', 'cpu']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout.text()) as BenchReport;
    expect(report.clock).toBe('cpu');
    expect(report.results.map((r) => r.case)).toEqual(benchCases().map((c) => c.id));
    expect(report.results.every((r) => r.provider === 'wasm' && r.gflops > 0)).toBe(true);
    expect(report.results.find((r) => r.case === 'mlp-step')?.samplesPerSecond).toBeGreaterThan(0);
    expect(report.providers.map((p) => p.name)).toEqual(expect.arrayContaining(['reference', 'js', 'wasm', 'tfjs-node', 'tfjs-node-gpu']));
    for (const p of report.providers.filter((s) => !s.available)) expect(p.reason).toBeTruthy();
  });

  it('rejects an unknown provider or clock with a usage error', async () => {
    captureStdout();
    await expect(benchKernelsCommand(['--provider', 'cuda'])).rejects.toThrow(UsageError);
    await expect(benchKernelsCommand(['--clock', 'sundial'])).rejects.toThrow(/--clock must be one of wall, cpu/);
  });

  it('prints its usage for --help', async () => {
    const stdout = captureStdout();
    expect(await benchKernelsCommand(['--help'])).toBe(0);
    expect(stdout.text()).toMatch(/backprop-lab bench-kernels/);
  });
});
