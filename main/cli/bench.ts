/**
 * `bench`: the fixed workloads W1–W3 (bench/workloads.ts) on our engine with each available kernel
 * provider, then on TensorFlow.js layers on the matching tfjs backends (WASM for our wasm provider, its
 * plain-JS 'cpu' backend for our js and reference providers), in the same process and run. Prints
 * samples/s, latency and ours/theirs (> 1 means we are faster; for latency it is theirs/ours, so > 1 also
 * means faster); --json prints one object with every result. W1 and W2 also run on the worker executor
 * (`--workers N` threads, default 2; 1 turns it off), and W2 once more as a real run through the run
 * pipeline (startRun, executor `auto`), so the figures a user's run reaches are in the same table.
 */
import { detectProviders, selectKernels } from '@backprop-lab/core';
import type { ProviderName } from '@backprop-lab/core';
import { booleanFlag, numberFlag, parseFlags, stringFlag, UsageError } from './args.js';
import { benchOurs } from './bench/ours.js';
import { benchTfjsLayers, loadTfjs } from './bench/tfjs-layers.js';
import { DEFAULT_W2_BATCHES, LATENCY_RUNS, W2_SETTINGS, type WorkloadResult } from './bench/workloads.js';
import { MNIST_TRAIN_IMAGES } from '../datasets/index.js';
import { loadMnistPart } from './data.js';
import { benchDataParallel } from '../parallel/index.js';
import { benchRunPipeline } from './bench/run-pipeline.js';

export interface BenchReport {
  machine: { cpus: number; node: string; platform: string };
  w1Samples: number;
  w2Batches: number;
  latencyRuns: number;
  results: WorkloadResult[];
  /** ours/theirs per workload, engine and provider, and the tfjs backend it was measured against. */
  ratios: { workload: string; engine: string; provider: string; against: string | null; ratio: number | null }[];
}

export async function benchCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { provider: 'string', 'w1-samples': 'string', 'w2-batches': 'string', 'latency-runs': 'string', 'skip-tfjs': 'boolean', workers: 'string', json: 'boolean' });
  const json = booleanFlag(args, 'json');
  const w2Batches = numberFlag(args, 'w2-batches', { integer: true, min: 1 }) ?? DEFAULT_W2_BATCHES;
  const latencyRuns = numberFlag(args, 'latency-runs', { integer: true, min: 1 }) ?? LATENCY_RUNS;
  const w1Samples = numberFlag(args, 'w1-samples', { integer: true, min: 64, max: MNIST_TRAIN_IMAGES }) ?? MNIST_TRAIN_IMAGES;
  const workers = numberFlag(args, 'workers', { integer: true, min: 1, max: 16 }) ?? 2;
  const statuses = await detectProviders();
  const requested = stringFlag(args, 'provider');
  if (requested !== undefined && !statuses.some((status) => status.name === requested)) {
    throw new UsageError(`--provider must be one of ${statuses.map((status) => status.name).join(', ')}; got "${requested}"`);
  }
  const providers = statuses.filter((status) => status.available && (requested === undefined || status.name === requested));
  const log = (line: string) => (json ? process.stderr : process.stdout).write(`${line}\n`);
  for (const status of statuses) {
    if (!status.available && (requested === undefined || status.name === requested)) log(`provider ${status.name}: unavailable (${status.reason ?? 'no reason given'})`);
  }
  if (providers.length === 0) throw new Error(`provider ${requested} is not available here`);

  const data = await loadMnistPart('train', w1Samples);
  const results: WorkloadResult[] = [];
  for (const status of providers) {
    log(`backprop-lab on ${status.name}${status.detail ? ` (${status.detail})` : ''}…`);
    const kernels = await selectKernels(status.name as ProviderName);
    results.push(...(await benchOurs(kernels, data, w2Batches, latencyRuns)));
  }
  const provider = providers[0]!.name as ProviderName;
  if (workers > 1) {
    log(`backprop-lab on ${provider}, W1 and W2 on ${workers} threads…`);
    const engine = `backprop-lab ×${workers} threads`;
    const w1 = await benchDataParallel({ preset: 'seed-mlp', workers, batches: Math.ceil(data.count / W2_SETTINGS.batchSize) - 1, provider });
    results.push({ workload: 'W1', engine, provider: w1.provider, samplesPerSecond: w1.samplesPerSecond });
    const w2 = await benchDataParallel({ preset: 'lenet5', workers, batches: w2Batches, provider });
    results.push({ workload: 'W2', engine, provider: w2.provider, samplesPerSecond: w2.samplesPerSecond });
  }
  log(`backprop-lab on ${provider}, W2 as a run (startRun, executor auto)…`);
  const run = await benchRunPipeline(provider, w2Batches);
  results.push({ workload: 'W2', engine: `backprop-lab run (auto: ${run.threads === 1 ? '1 thread' : `${run.threads} threads`})`, provider, samplesPerSecond: run.samplesPerSecond, note: run.reason });
  if (!booleanFlag(args, 'skip-tfjs')) {
    const backends = [...new Set(providers.map((status) => counterpartBackend(status.name)))].filter((b) => b === 'wasm' || b === 'cpu');
    for (const backend of backends as ('wasm' | 'cpu')[]) {
      log(`TensorFlow.js layers on ${backend}…`);
      const tf = await loadTfjs(backend);
      results.push(...(await benchTfjsLayers(tf, data, w2Batches, latencyRuns)));
    }
  }

  const report: BenchReport = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, platform: `${process.platform}-${process.arch}` },
    w1Samples: data.count,
    w2Batches,
    latencyRuns,
    results,
    ratios: ratiosAgainstTfjs(results),
  };
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${formatBenchTable(report)}\n`);
  return 0;
}

/** The tfjs backend that matches one of our providers: the same WASM, or tfjs' plain-JS 'cpu' for ours. */
export function counterpartBackend(provider: string): string {
  // Our WebAssembly providers are compared with TF.js on its WebAssembly backend.
  if (provider === 'wasm' || provider === 'simd') return 'wasm';
  if (provider.startsWith('tfjs-node')) return 'tensorflow';
  return 'cpu';
}

/**
 * ours/theirs for each of our results, against tfjs layers on the matching backend, or on another
 * backend where that one cannot run the workload (`against` names the one used).
 */
export function ratiosAgainstTfjs(results: WorkloadResult[]): BenchReport['ratios'] {
  const hasFigure = (r: WorkloadResult) => r.samplesPerSecond !== undefined || r.latencyMicroseconds !== undefined;
  return results
    .filter((r) => r.engine.startsWith('backprop-lab'))
    .map((ours) => {
      const candidates = results.filter((r) => r.workload === ours.workload && r.engine.startsWith('tfjs-layers') && hasFigure(r));
      const other = candidates.find((r) => r.provider === counterpartBackend(ours.provider)) ?? candidates[0];
      let ratio: number | null = null;
      if (ours.samplesPerSecond !== undefined && other?.samplesPerSecond !== undefined) ratio = ours.samplesPerSecond / other.samplesPerSecond;
      if (ours.latencyMicroseconds !== undefined && other?.latencyMicroseconds !== undefined) ratio = other.latencyMicroseconds / ours.latencyMicroseconds;
      return { workload: ours.workload, engine: ours.engine, provider: ours.provider, against: other?.provider ?? null, ratio };
    });
}

const workloadTitles: Record<string, string> = {
  W1: 'W1 seed MLP, SGD 0.1, batch 64',
  W2: `W2 LeNet-5, Adam 1e-3, batch ${W2_SETTINGS.batchSize}`,
  'W3-mlp': 'W3 seed MLP, 1-image latency',
  'W3-lenet5': 'W3 LeNet-5, 1-image latency',
};

/** Wide enough for 'backprop-lab run (auto: 2 threads)'. */
const ENGINE_WIDTH = 36;

export function formatBenchTable(report: BenchReport): string {
  const header = `${'workload'.padEnd(50)}${'engine'.padEnd(ENGINE_WIDTH)}${'provider'.padEnd(11)}${'result'.padStart(18)}${'ours/theirs'.padStart(16)}`;
  const lines = [header, '-'.repeat(header.length)];
  const order = ['W1', 'W2', 'W3-mlp', 'W3-lenet5'];
  const sorted = [...report.results].sort((a, b) => order.indexOf(a.workload) - order.indexOf(b.workload));
  for (const result of sorted) {
    const figure =
      result.error !== undefined
        ? 'cannot run'
        : result.samplesPerSecond !== undefined
          ? `${Math.round(result.samplesPerSecond).toLocaleString('en-US')} samples/s`
          : `${result.latencyMicroseconds!.toFixed(1)} µs`;
    const ratio = report.ratios.find((r) => r.workload === result.workload && r.provider === result.provider && r.engine === result.engine);
    const title =
      result.workload === 'W2'
        ? `${workloadTitles.W2}, ${report.w2Batches} batches`
        : result.workload === 'W1'
          ? `${workloadTitles.W1}, ${report.w1Samples.toLocaleString('en-US')} samples`
          : `${workloadTitles[result.workload]!} (median of ${report.latencyRuns})`;
    const ratioText = ratio?.ratio != null ? `${ratio.ratio.toFixed(2)}× ${ratio.against === counterpartBackend(result.provider) ? '' : `vs ${ratio.against}`}`.trimEnd() : '';
    lines.push(`${title.padEnd(50)}${result.engine.padEnd(ENGINE_WIDTH)}${result.provider.padEnd(11)}${figure.padStart(18)}${ratioText.padStart(16)}`);
    if (result.error !== undefined) lines.push(`${''.padEnd(50)}(${result.error})`);
    if (result.batches !== undefined) lines.push(`${''.padEnd(50)}(over ${result.batches} batches: this backend is slow)`);
    if (result.note !== undefined) lines.push(`${''.padEnd(50)}(${result.note})`);
  }
  lines.push(
    '',
    `${report.machine.cpus} CPUs, Node ${report.machine.node}, ${report.machine.platform}. ours/theirs > 1: ours is faster; ` +
      'compared with TensorFlow.js layers on the matching backend (wasm for wasm, cpu for js and reference).',
  );
  return lines.join('\n');
}
