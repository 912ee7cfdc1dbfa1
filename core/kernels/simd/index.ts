/** The `simd` provider: loading (module + memory + optional threads) and the kernels. */
import { Tensor } from '../../tensor.js';
import type { Kernels } from '../kernels.js';
import { messageData, type MessageData } from '../../messages.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels } from './module.js';
import { createSimdKernels } from './provider.js';
import { SPLIT_TRIAL_MACS, startKernelThreads, type KernelThreads } from './threads.js';

export { kernelsWasmBytes } from './module.js';

/**
 * A fresh `simd` provider with its own memory (shared only with threads); with threads > 1 it starts threads − 1 workers on that
 * memory (Node only; throws with the reason elsewhere) and measures from what size a split pays
 * (splitRule says what it found; `splitFrom` sets the size instead). dispose() stops the workers.
 */
export async function loadSimdKernels(threads = 1, options: { splitFrom?: number } = {}): Promise<Kernels> {
  // One thread: the build on a memory of its own (faster copies in and out, module.ts); threads share one.
  const build = threads <= 1 ? 'single' : 'shared';
  const module = await compileKernels(build);
  const memory = createKernelMemory(build);
  const exports = await instantiateKernels(module, memory);
  const kernelMemory = new KernelMemory(memory, exports.gemmScratchBytes(), threads);
  if (threads <= 1) return createSimdKernels({ exports, memory: kernelMemory });
  const pool = await startKernelThreads(threads, module, kernelMemory, exports);
  const kernels = createSimdKernels({ exports, memory: kernelMemory, threads: pool });
  let splitRule: MessageData;
  if (options.splitFrom === undefined) {
    splitRule = measureSplit(kernels, pool);
  } else {
    pool.splitFrom = options.splitFrom;
    splitRule = messageData('provider.simd-split-asked', { from: options.splitFrom });
  }
  return { ...kernels, threads, splitRule };
}

/**
 * Times products of 64 rows at each SPLIT_TRIAL_MACS size on one thread and split, and sets the split
 * threshold to the smallest size from which the split was faster at every size (Infinity when never:
 * e.g. when the other cores are busy with other work). Best of 5 per figure.
 */
function measureSplit(kernels: Kernels, pool: KernelThreads): MessageData {
  const figures: string[] = [];
  let from = Infinity;
  // V8 first runs WebAssembly on its baseline compiler and optimises a function once it has run hot;
  // every thread's instance tiers up separately, so all of them are warmed before anything is timed.
  {
    const k = 1024;
    const a = new Tensor([64, k], new Float32Array(64 * k).fill(0.5));
    const b = new Tensor([k, 64], new Float32Array(64 * k).fill(0.25));
    pool.splitFrom = 0;
    for (let i = 0; i < 60; i++) kernels.matmul(a, b);
  }
  for (const macs of [...SPLIT_TRIAL_MACS].reverse()) {
    const k = Math.round(macs / (64 * 64));
    const a = new Tensor([64, k], Float32Array.from({ length: 64 * k }, (_, i) => Math.sin(i)));
    const b = new Tensor([k, 64], Float32Array.from({ length: 64 * k }, (_, i) => Math.cos(i)));
    const time = (split: boolean) => {
      pool.splitFrom = split ? 0 : Infinity;
      kernels.matmul(a, b);
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const start = performance.now();
        kernels.matmul(a, b);
        best = Math.min(best, performance.now() - start);
      }
      return best;
    };
    const one = time(false);
    const split = time(true);
    figures.push(`${(macs / 2 ** 20).toFixed(2)}M: ${(one / split).toFixed(2)}×`);
    if (split < one) from = macs;
    else break;
  }
  pool.splitFrom = from;
  const measured = figures.join(', ');
  return from === Infinity
    ? messageData('provider.simd-split-none', { figures: measured })
    : messageData('provider.simd-split-from', { from: (from / 2 ** 20).toFixed(2), figures: measured });
}
