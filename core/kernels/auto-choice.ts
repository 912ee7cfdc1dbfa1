/**
 * How `auto` chooses between the CPU providers: by timing them, on this machine, on the calls a
 * training step of the benchmark's two networks makes (batch 64): the seed MLP's three big products
 * (X·W₁, X ᵀ·dZ₁, dZ₂·W₂ᵀ-sized) and LeNet-5's two convolutions with both gradients. Each candidate runs the
 * whole set three times after one untimed pass (the first calls compile and tier up WebAssembly); the
 * best of the three is its figure, the least disturbed by other processes. The fastest total wins.
 * Takes ~0.3 s per provider, once per process.
 */
import { Tensor } from '../tensor.js';
import { conv2dGeometry, type Kernels, type ProviderName } from './kernels.js';

export interface AutoChoice {
  provider: ProviderName;
  /** One sentence: why this provider. */
  reason: string;
  /** Milliseconds per pass over the timed set, per candidate. */
  timings: { provider: ProviderName; milliseconds: number }[];
}

function filled(shape: number[], seed: number): Tensor {
  const t = Tensor.zeros(shape);
  for (let i = 0; i < t.size; i++) t.data[i] = Math.sin(seed + i * 0.37);
  return t;
}

/** One pass over the calls of a W1 and a W2 step. */
export function benchmarkPass(kernels: Kernels): () => void {
  const x = filled([64, 784], 1);
  const w1 = filled([784, 64], 2);
  const dz = filled([64, 64], 3);
  const h = filled([64, 400], 4);
  const w5 = filled([400, 120], 5);
  const images = filled([64, 1, 28, 28], 6);
  const f1 = filled([6, 1, 5, 5], 7);
  const g1 = conv2dGeometry(images.shape, f1.shape, 1, 2);
  const maps = filled([64, 6, 14, 14], 8);
  const f2 = filled([16, 6, 5, 5], 9);
  const g2 = conv2dGeometry(maps.shape, f2.shape, 1, 0);
  const dy1 = filled([64, 6, 28, 28], 10);
  const dy2 = filled([64, 16, 10, 10], 11);
  return () => {
    kernels.matmul(x, w1);
    kernels.matmul(x, dz, { transA: true });
    kernels.matmul(h, w5);
    kernels.conv2d(images, f1, g1);
    kernels.conv2dGradFilter(images, dy1, g1);
    kernels.conv2d(maps, f2, g2);
    kernels.conv2dGradInput(dy2, f2, g2);
    kernels.conv2dGradFilter(maps, dy2, g2);
  };
}

export function timePass(pass: () => void, repeats = 3): number {
  pass();
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    pass();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** `time` measures one candidate in milliseconds (injectable, so the decision itself can be tested). */
export function measureAutoChoice(
  candidates: { name: ProviderName; create: () => Kernels }[],
  time: (kernels: Kernels) => number = (kernels) => timePass(benchmarkPass(kernels)),
): AutoChoice {
  const timings = candidates.map(({ name, create }) => ({ provider: name, milliseconds: time(create()) }));
  const sorted = [...timings].sort((a, b) => a.milliseconds - b.milliseconds);
  const best = sorted[0]!;
  const runnerUp = sorted[1];
  const reason = runnerUp
    ? `${best.provider} ran a W1 + W2 step's kernel calls in ${best.milliseconds.toFixed(1)} ms, ` +
      `${(runnerUp.milliseconds / best.milliseconds).toFixed(2)}× faster than ${runnerUp.provider} (${runnerUp.milliseconds.toFixed(1)} ms), the next fastest here`
    : `${best.provider} is the only float32 provider available`;
  return { provider: best.provider, reason, timings };
}
