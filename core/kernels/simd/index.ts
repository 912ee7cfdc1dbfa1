/** The `simd` provider: loading (module + memory + optional threads) and the kernels. */
import { Tensor } from '../../tensor.js';
import type { Kernels } from '../kernels.js';
import { messageData, type MessageData } from '../../messages.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, relaxedSimdAvailable, simdFmaAllowed, type KernelBuild } from './module.js';
import { createSimdKernels } from './provider.js';
import { SPLIT_TRIAL_MACS, startKernelThreads, type KernelThreads } from './threads.js';
import { decideSplit } from './split-rule.js';

/** Interleaved rounds of the start-up measurement (an odd count, so the median is one round's figure). */
export const SPLIT_ROUNDS = 7;

export { kernelsWasmBytes, SIMD_FMA_VARIABLE } from './module.js';

/**
 * A fresh `simd` provider with its own memory (shared only with threads); with threads > 1 it starts threads − 1 workers on that
 * memory (Node only; throws with the reason elsewhere) and measures from what size a split pays
 * (splitRule says what it found; `splitFrom` sets the size instead). Where the runtime runs relaxed SIMD
 * it loads the `-fma` build (module.ts), unless `fma: false` asks for the plain one; `fma` on the result
 * says which. dispose() stops the workers.
 */
export async function loadSimdKernels(threads = 1, options: { splitFrom?: number; fma?: boolean } = {}): Promise<Kernels> {
  // One thread: the build on a memory of its own (faster copies in and out, module.ts); threads share one.
  const fma = simdFmaWanted(options.fma);
  const build: KernelBuild = `${threads <= 1 ? 'single' : 'shared'}${fma ? '-fma' : ''}`;
  const module = await compileKernels(build);
  const memory = createKernelMemory(build);
  const exports = await instantiateKernels(module, memory);
  const kernelMemory = new KernelMemory(memory, exports.gemmScratchBytes(), threads);
  if (threads <= 1) return { ...createSimdKernels({ exports, memory: kernelMemory }), fma };
  const pool = await startKernelThreads(threads, module, kernelMemory, exports);
  const kernels = createSimdKernels({ exports, memory: kernelMemory, threads: pool });
  let splitRule: MessageData;
  if (options.splitFrom === undefined) {
    splitRule = measureSplit(kernels, pool);
  } else {
    pool.splitFrom = options.splitFrom;
    splitRule = messageData('provider.simd-split-asked', { from: options.splitFrom });
  }
  return { ...kernels, threads, splitRule, fma };
}

/**
 * Whether the `-fma` build is loaded: not when `fma` is false or BACKPROP_LAB_SIMD_FMA=0 (checked first,
 * so V8's flag is then never set), else wherever the runtime runs relaxed SIMD (module.ts).
 */
export function simdFmaWanted(fma?: boolean): boolean {
  return fma !== false && simdFmaAllowed() && relaxedSimdAvailable();
}

/**
 * Times products of 64 rows at each SPLIT_TRIAL_MACS size on one thread and split, SPLIT_ROUNDS rounds
 * interleaved (split-rule.ts says why and decides), and sets the pool's threshold from the decision.
 * Each figure is the best of three calls, taken right after one untimed call.
 */
function measureSplit(kernels: Kernels, pool: KernelThreads): MessageData {
  // V8 first runs WebAssembly on its baseline compiler and optimises a function once it has run hot;
  // every thread's instance tiers up separately, so all of them are warmed before anything is timed.
  {
    const k = 1024;
    const a = new Tensor([64, k], new Float32Array(64 * k).fill(0.5));
    const b = new Tensor([k, 64], new Float32Array(64 * k).fill(0.25));
    pool.splitFrom = 0;
    for (let i = 0; i < 60; i++) kernels.matmul(a, b);
  }
  const sizes = SPLIT_TRIAL_MACS.map((macs) => {
    const k = Math.round(macs / (64 * 64));
    return {
      macs,
      a: new Tensor([64, k], Float32Array.from({ length: 64 * k }, (_, i) => Math.sin(i))),
      b: new Tensor([k, 64], Float32Array.from({ length: 64 * k }, (_, i) => Math.cos(i))),
      one: [] as number[],
      split: [] as number[],
    };
  });
  const time = (size: (typeof sizes)[number], split: boolean): number => {
    pool.splitFrom = split ? 0 : Infinity;
    kernels.matmul(size.a, size.b);
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const start = performance.now();
      kernels.matmul(size.a, size.b);
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  for (let round = 0; round < SPLIT_ROUNDS; round++) {
    for (const size of sizes) {
      if (round % 2 === 0) {
        size.one.push(time(size, false));
        size.split.push(time(size, true));
      } else {
        size.split.push(time(size, true));
        size.one.push(time(size, false));
      }
    }
  }
  const decision = decideSplit(sizes.map((s) => ({ multiplyAdds: s.macs, one: s.one, split: s.split })));
  pool.splitFrom = decision.splitFrom;
  return decision.rule;
}
