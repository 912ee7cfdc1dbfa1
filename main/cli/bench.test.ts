/**
 * The bench command's plumbing on a tiny workload (never its speed: figures are only checked to exist),
 * and the ratio and table logic on made-up results.
 */
import { describe, expect, it, vi } from 'vitest';
import { benchCommand, formatBenchTable, ratiosAgainstTfjs, type BenchReport } from './bench.js';
import type { WorkloadResult } from './bench/workloads.js';

describe('bench', () => {
  it('runs every workload on a provider and on tfjs layers on the matching backend', async () => {
    let stdout = '';
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await benchCommand(['--provider', 'js', '--w1-samples', '256', '--w2-batches', '1', '--latency-runs', '5', '--workers', '2', '--json'])).toBe(0);
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    const report = JSON.parse(stdout) as BenchReport;
    expect(report).toMatchObject({ w1Samples: 256, w2Batches: 1, latencyRuns: 5 });
    const ours = report.results.filter((r) => r.engine === 'backprop-lab');
    expect(ours.map((r) => r.workload)).toEqual(['W1', 'W2', 'W3-mlp', 'W3-lenet5']);
    expect(ours.every((r) => r.provider === 'js')).toBe(true);
    expect(ours.filter((r) => r.workload.startsWith('W3')).every((r) => r.latencyMicroseconds! > 0)).toBe(true);
    expect(ours.filter((r) => !r.workload.startsWith('W3')).every((r) => r.samplesPerSecond! > 0)).toBe(true);
    // Our js provider is compared with tfjs layers on its plain-JS 'cpu' backend.
    const theirs = report.results.filter((r) => r.engine === 'tfjs-layers (cpu)');
    expect(theirs.map((r) => r.workload).sort()).toEqual(['W1', 'W2', 'W3-lenet5', 'W3-mlp']);
    expect(report.ratios.every((r) => r.against === 'cpu' && r.ratio! > 0)).toBe(true);
    // W1 and W2 also ran on two worker threads, each with its own ratio.
    const threaded = report.results.filter((r) => r.engine === 'backprop-lab ×2 threads');
    expect(threaded.map((r) => [r.workload, r.provider])).toEqual([['W1', 'js'], ['W2', 'js']]);
    expect(threaded.every((r) => r.samplesPerSecond! > 0)).toBe(true);
    expect(report.ratios.filter((r) => r.engine === 'backprop-lab ×2 threads').map((r) => r.workload)).toEqual(['W1', 'W2']);
    // And W2 as a real run, with the executor auto picked and its measurements.
    const run = report.results.find((r) => r.engine.startsWith('backprop-lab run (auto: '));
    expect(run).toMatchObject({ workload: 'W2', provider: 'js' });
    expect(run!.samplesPerSecond).toBeGreaterThan(0);
    expect(run!.note).toMatch(/^auto: .*one thread [\d,]+ samples\/s/);
    // W1 is timed as bench_torch.py times PyTorch: W1_EPOCHS passes, epoch 1 a warm-up.
    const w1 = ours.find((r) => r.workload === 'W1')!;
    const rates = /^median of epochs 2–4, epoch 1 warming up: (.*) samples\/s$/.exec(w1.note ?? '')![1]!.split(', ').map((f) => Number(f.replace(/,/g, '')));
    expect(rates).toHaveLength(4);
    expect(Math.abs(w1.samplesPerSecond! - [...rates.slice(1)].sort((a, b) => a - b)[1]!)).toBeLessThanOrEqual(0.5);
  });

  it('gives ours/theirs as a speed-up: samples/s ours ÷ theirs, latency theirs ÷ ours', () => {
    const results: WorkloadResult[] = [
      { workload: 'W1', engine: 'backprop-lab', provider: 'wasm', samplesPerSecond: 30000 },
      { workload: 'W3-mlp', engine: 'backprop-lab', provider: 'wasm', latencyMicroseconds: 20 },
      { workload: 'W2', engine: 'backprop-lab', provider: 'wasm', samplesPerSecond: 5000 },
      { workload: 'W2', engine: 'backprop-lab ×2 threads', provider: 'wasm', samplesPerSecond: 7500 },
      { workload: 'W2', engine: 'backprop-lab run (auto: 2 threads)', provider: 'wasm', samplesPerSecond: 5000, note: 'auto: 2 threads — measured' },
      { workload: 'W1', engine: 'tfjs-layers (wasm)', provider: 'wasm', samplesPerSecond: 6000 },
      { workload: 'W3-mlp', engine: 'tfjs-layers (wasm)', provider: 'wasm', latencyMicroseconds: 80 },
      { workload: 'W2', engine: 'tfjs-layers (wasm)', provider: 'wasm', error: 'not registered' },
      { workload: 'W2', engine: 'tfjs-layers (cpu)', provider: 'cpu', samplesPerSecond: 2500, batches: 20 },
      { workload: 'W1', engine: 'tfjs-layers (cpu)', provider: 'cpu', samplesPerSecond: 1000 },
    ];
    const ratios = ratiosAgainstTfjs(results);
    // W2 cannot run on tfjs' WASM backend, so our wasm figure is compared with tfjs on cpu instead.
    expect(ratios).toEqual([
      { workload: 'W1', engine: 'backprop-lab', provider: 'wasm', against: 'wasm', ratio: 5 },
      { workload: 'W3-mlp', engine: 'backprop-lab', provider: 'wasm', against: 'wasm', ratio: 4 },
      { workload: 'W2', engine: 'backprop-lab', provider: 'wasm', against: 'cpu', ratio: 2 },
      { workload: 'W2', engine: 'backprop-lab ×2 threads', provider: 'wasm', against: 'cpu', ratio: 3 },
      { workload: 'W2', engine: 'backprop-lab run (auto: 2 threads)', provider: 'wasm', against: 'cpu', ratio: 2 },
    ]);
    const table = formatBenchTable({ machine: { cpus: 2, node: 'v20', platform: 'linux-x64' }, w1Samples: 60000, w2Batches: 200, latencyRuns: 1000, results, ratios });
    expect(table).toMatch(/W1 seed MLP, SGD 0\.1, batch 64, 60,000 samples\s+backprop-lab\s+wasm\s+30,000 samples\/s\s+5\.00×/);
    expect(table).toMatch(/W2 LeNet-5.*tfjs-layers \(wasm\)\s+wasm\s+cannot run/);
    expect(table).toMatch(/20\.0 µs\s+4\.00×/);
    expect(table).toMatch(/5,000 samples\/s\s+2\.00× vs cpu/);
    expect(table).toMatch(/backprop-lab ×2 threads\s+wasm\s+7,500 samples\/s\s+3\.00× vs cpu/);
    expect(table).toMatch(/backprop-lab run \(auto: 2 threads\)\s+wasm\s+5,000 samples\/s\s+2\.00× vs cpu\s*\n\s+\(auto: 2 threads — measured\)/);
    expect(table).toMatch(/2,500 samples\/s\s*\n\s+\(over 20 batches: this backend is slow\)/);
  });
});
