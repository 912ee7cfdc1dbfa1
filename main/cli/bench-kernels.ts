/**
 * `backprop-lab bench-kernels`: GFLOP/s of every available kernel provider on the products the
 * engine actually runs (a 256×784·784×256 square-ish product, the MLP 784→64→16→10 at batch 64 with
 * its transposed gradient products, the LeNet-5 convolutions at batch 64), plus each unavailable
 * provider with its reason. A product of m×k·k×n counts 2·m·k·n floating-point operations; a
 * convolution counts 2·N·O·Ho·Wo·C·kh·kw for the forward and each gradient. Each figure is the best
 * mean over several timed batches of calls, which is the figure least disturbed by other processes.
 */
import { Tensor } from '@backprop-lab/core';
import { conv2dGeometry, type Conv2dGeometry, type Kernels, type ProviderName, type ProviderStatus } from '@backprop-lab/core';
import { detectProviders, selectKernels } from '@backprop-lab/core';
import { UsageError, booleanFlag, choiceFlag, numberFlag, parseFlags, stringFlag } from './args.js';

const usage = `backprop-lab bench-kernels [--provider NAME] [--seconds S] [--clock wall|cpu] [--json]
  GFLOP/s of each available kernel provider on a 256×784·784×256 product, the MLP 784→64→16→10
  products at batch 64 (forward, Xᵀ·dZ, dZ·Wᵀ, and a whole training step's products), and the
  LeNet-5 convolutions at batch 64; unavailable providers are listed with the reason.
  --provider NAME  only this provider (reference, js, wasm, tfjs-node, tfjs-node-gpu)
  --seconds S      time spent per figure (default 0.4)
  --clock cpu      time by this process's CPU time instead of the wall clock: steadier on a busy
                   machine (every provider here runs on one thread)
  --json           print the results as JSON`;

export interface BenchCase {
  id: string;
  label: string;
  flops: number;
  /** Samples per call, for cases that stand for a training step of a batch. */
  samples?: number;
  prepare(kernels: Kernels): () => void;
}

export interface BenchResult {
  case: string;
  label: string;
  provider: ProviderName;
  microseconds: number;
  gflops: number;
  samplesPerSecond?: number;
}

export interface BenchReport {
  clock: 'wall' | 'cpu';
  providers: ProviderStatus[];
  results: BenchResult[];
}

export async function benchKernelsCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { json: 'boolean', help: 'boolean', provider: 'string', seconds: 'string', clock: 'string' });
  if (booleanFlag(args, 'help')) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const only = stringFlag(args, 'provider');
  const seconds = numberFlag(args, 'seconds', { min: 0.01, max: 60 }) ?? 0.4;
  const clockName = choiceFlag(args, 'clock', ['wall', 'cpu'] as const) ?? 'wall';
  const clock = clockName === 'cpu' ? cpuSeconds : wallSeconds;
  const providers = await detectProviders();
  if (only !== undefined && !providers.some((p) => p.name === only)) {
    throw new UsageError(`--provider must be one of ${providers.map((p) => p.name).join(', ')}; got "${only}"`);
  }
  const chosen = providers.filter((p) => p.available && (only === undefined || p.name === only));
  if (only !== undefined && chosen.length === 0) {
    const status = providers.find((p) => p.name === only)!;
    process.stderr.write(`backprop-lab bench-kernels: provider ${only} is unavailable: ${status.reason ?? ''}\n`);
    return 1;
  }
  const results: BenchResult[] = [];
  for (const status of chosen) {
    const kernels = await selectKernels(status.name);
    for (const benchCase of benchCases()) {
      // The reference is ~20× slower; one pass is enough to place it.
      const budget = status.name === 'reference' ? Math.min(seconds, 0.2) : seconds;
      results.push(measure(benchCase, kernels, status.name, budget, clock));
      if (!args.values.json) process.stderr.write('.');
    }
  }
  if (!args.values.json) process.stderr.write('\n');
  const report: BenchReport = { clock: clockName, providers, results };
  process.stdout.write(args.values.json ? `${JSON.stringify(report, null, 2)}\n` : formatReport(report));
  return 0;
}

/** Seconds on some clock: the wall clock, or this process's CPU time. */
export type Clock = () => number;
const wallSeconds: Clock = () => performance.now() / 1000;
const cpuSeconds: Clock = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export function measure(benchCase: BenchCase, kernels: Kernels, provider: ProviderName, seconds: number, clock: Clock = wallSeconds): BenchResult {
  const run = benchCase.prepare(kernels);
  run();
  run();
  const once = timeCalls(run, 1, wallSeconds);
  const perBatch = Math.max(1, Math.round(Math.min(0.03, seconds / 3) / Math.max(once, 1e-6)));
  let best = Infinity;
  const start = performance.now();
  let batches = 0;
  while (batches < 3 || (performance.now() - start) / 1000 < seconds) {
    best = Math.min(best, timeCalls(run, perBatch, clock));
    batches++;
  }
  const result: BenchResult = {
    case: benchCase.id,
    label: benchCase.label,
    provider,
    microseconds: best * 1e6,
    gflops: benchCase.flops / best / 1e9,
  };
  if (benchCase.samples) result.samplesPerSecond = benchCase.samples / best;
  return result;
}

/** Mean seconds per call over `calls` calls. */
function timeCalls(run: () => void, calls: number, clock: Clock): number {
  const start = clock();
  for (let i = 0; i < calls; i++) run();
  return (clock() - start) / calls;
}

function random(shape: number[], seed: number): Tensor {
  const t = Tensor.zeros(shape);
  let s = seed >>> 0;
  for (let i = 0; i < t.size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    t.data[i] = s / 2 ** 32 - 0.5;
  }
  return t;
}

function productCase(id: string, label: string, m: number, k: number, n: number, transA = false, transB = false): BenchCase {
  return {
    id,
    label,
    flops: 2 * m * k * n,
    prepare(kernels) {
      const a = random(transA ? [k, m] : [m, k], 1);
      const b = random(transB ? [n, k] : [k, n], 2);
      return () => kernels.matmul(a, b, { transA, transB });
    },
  };
}

/** Every product of one SGD step of 784→64→16→10 at batch 64 (no gradient for the input images). */
function mlpStepCase(): BenchCase {
  const batch = 64;
  const sizes = [784, 64, 16, 10];
  let flops = 0;
  for (let l = 0; l < 3; l++) {
    const macs = batch * sizes[l]! * sizes[l + 1]!;
    flops += 2 * macs * (l === 0 ? 2 : 3);
  }
  return {
    id: 'mlp-step',
    label: 'MLP 784-64-16-10 step, batch 64 (all products)',
    flops,
    samples: batch,
    prepare(kernels) {
      const acts = sizes.map((d, l) => random([batch, d], 10 + l));
      const weights = sizes.slice(0, 3).map((d, l) => random([d, sizes[l + 1]!], 20 + l));
      return () => {
        for (let l = 0; l < 3; l++) kernels.matmul(acts[l]!, weights[l]!);
        for (let l = 2; l >= 0; l--) {
          const dz = acts[l + 1]!;
          kernels.matmul(acts[l]!, dz, { transA: true });
          if (l > 0) kernels.matmul(dz, weights[l]!, { transB: true });
        }
      };
    },
  };
}

function convFlops(g: Conv2dGeometry): number {
  return 2 * g.batch * g.outChannels * g.outHeight * g.outWidth * g.inChannels * g.kernelHeight * g.kernelWidth;
}

function convCase(id: string, label: string, xShape: number[], wShape: number[], padding: number, ops: ('y' | 'dx' | 'dw')[]): BenchCase {
  const g = conv2dGeometry(xShape, wShape, 1, padding);
  return {
    id,
    label,
    flops: convFlops(g) * ops.length,
    prepare(kernels) {
      const x = random(xShape, 3);
      const w = random(wShape, 4);
      const dy = random([g.batch, g.outChannels, g.outHeight, g.outWidth], 5);
      return () => {
        if (ops.includes('y')) kernels.conv2d(x, w, g);
        if (ops.includes('dx')) kernels.conv2dGradInput(dy, w, g);
        if (ops.includes('dw')) kernels.conv2dGradFilter(x, dy, g);
      };
    },
  };
}

export function benchCases(): BenchCase[] {
  return [
    productCase('256x784x256', '256×784 · 784×256', 256, 784, 256),
    productCase('mlp-forward', 'MLP X·W1  64×784 · 784×64', 64, 784, 64),
    productCase('mlp-grad-w', 'MLP Xᵀ·dZ  (64×784)ᵀ · 64×64', 784, 64, 64, true, false),
    productCase('mlp-grad-x', 'MLP dZ·Wᵀ  64×64 · (784×64)ᵀ', 64, 64, 784, false, true),
    productCase('mlp-hidden', 'MLP H·W2  64×64 · 64×16', 64, 64, 16),
    productCase('mlp-output', 'MLP H·W3  64×16 · 16×10', 64, 16, 10),
    mlpStepCase(),
    convCase('lenet-conv1', 'LeNet conv1 1→6 5×5 pad 2, 28×28, batch 64 (y, dW)', [64, 1, 28, 28], [6, 1, 5, 5], 2, ['y', 'dw']),
    convCase('lenet-conv2', 'LeNet conv2 6→16 5×5, 14×14, batch 64 (y, dx, dW)', [64, 6, 14, 14], [16, 6, 5, 5], 0, ['y', 'dx', 'dw']),
  ];
}

function formatReport({ clock, providers, results }: BenchReport): string {
  const names = [...new Set(results.map((r) => r.provider))];
  const cases = [...new Map(results.map((r) => [r.case, r.label])).entries()];
  const labelWidth = Math.max(...cases.map(([, label]) => label.length), 10);
  const lines = [`${`GFLOP/s (µs per call, ${clock} clock)`.padEnd(labelWidth)}  ${names.map((n) => n.padStart(20)).join('')}`];
  for (const [id, label] of cases) {
    const cells = names.map((name) => {
      const r = results.find((x) => x.case === id && x.provider === name);
      return (r ? `${r.gflops.toFixed(2)} (${Math.round(r.microseconds)})` : '—').padStart(20);
    });
    lines.push(`${label.padEnd(labelWidth)}  ${cells.join('')}`);
  }
  for (const r of results.filter((x) => x.samplesPerSecond !== undefined)) {
    lines.push(`${r.provider}: MLP step products alone allow ${Math.round(r.samplesPerSecond!).toLocaleString('en')} samples/s`);
  }
  lines.push('', 'Providers:');
  for (const p of providers) lines.push(`  ${p.name.padEnd(14)} ${p.available ? `available  ${p.detail ?? ''}` : `unavailable: ${p.reason ?? ''}`}`);
  return `${lines.join('\n')}\n`;
}
