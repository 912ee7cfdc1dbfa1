/**
 * Kernel-level threads for the `simd` provider: worker threads that instantiate the same module on the
 * same shared WebAssembly.Memory, so one product or convolution is split between cores without copying
 * anything: a product by rows of C (or by columns when C is wide), a convolution by samples (its filter
 * gradient as one partial sum per thread, added by the caller).
 *
 * Hand-off without messages: a shared Int32Array holds a generation counter, a done counter and one job
 * slot per worker. The calling thread writes the slots, bumps the generation and Atomics.notify's; each
 * worker Atomics.wait's on the generation, runs its slot, adds to the done counter and notifies; the
 * calling thread does its own share meanwhile, then Atomics.wait's on the done counter. The kernels API
 * is synchronous, so the caller blocks, which Node allows on any thread (CLI, serve's engine process,
 * Electron's utility process). Browsers forbid Atomics.wait on the page's main thread; there the
 * provider runs without threads (see select.ts).
 *
 * Workers are started from source text (`eval`), so no file has to be found next to a bundled build.
 */
import type { KernelExports, KernelMemory, WasmModule } from './module.js';

const GENERATION = 0;
const DONE = 1;
const SLOT_BASE = 16;
const SLOT_INTS = 16;
const Op = { Gemm: 1, Conv2d: 2, GradInput: 3, GradFilter: 4, SparseConv2d: 5, SparseGradFilter: 6, Close: 99 } as const;
const CONV_OPS = {
  conv2d: Op.Conv2d, conv2dGradInput: Op.GradInput, conv2dGradFilter: Op.GradFilter,
  sparseConv2d: Op.SparseConv2d, sparseConv2dGradFilter: Op.SparseGradFilter,
} as const;

/**
 * The sizes (multiply-adds) at which splitting is tried when the threads start (index.ts): a split is
 * used for calls at least as large as the smallest size at which it measured faster, and at every
 * larger size too; waking a worker costs ~10–30 µs, so small calls stay on the calling thread.
 */
export const SPLIT_TRIAL_MACS = [1 << 18, 1 << 20, 1 << 22] as const;
const MR = 4;
const NR = 8;

/** The worker's whole program: instantiate, then run slots until told to close. CommonJS, for `eval`. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
const k = new WebAssembly.Instance(module, { env: { memory, abort() { throw new Error('simd kernels aborted'); } } }).exports;
const ctl = new Int32Array(control);
const s = ${SLOT_BASE} + index * ${SLOT_INTS};
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(ctl, ${GENERATION}, seen);
  seen = Atomics.load(ctl, ${GENERATION});
  const op = ctl[s];
  if (op === ${Op.Close}) break;
  const a = (i) => ctl[s + 1 + i];
  if (op === ${Op.Gemm}) k.gemm(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9), a(10), 0, a(11));
  else if (op === ${Op.Conv2d}) k.conv2d(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9));
  else if (op === ${Op.GradInput}) k.conv2dGradInput(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7));
  else if (op === ${Op.GradFilter}) k.conv2dGradFilter(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7));
  else if (op === ${Op.SparseConv2d}) k.sparseConv2d(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7), a(8), a(9));
  else if (op === ${Op.SparseGradFilter}) k.sparseConv2dGradFilter(a(0), a(1), a(2), a(3), a(4), a(5), a(6), a(7));
  Atomics.add(ctl, ${DONE}, 1);
  Atomics.notify(ctl, ${DONE});
}
`;

/**
 * A Node built-in module when running under Node (≥ 20.16: process.getBuiltinModule), else undefined.
 * core/ must load in a browser, so it never imports Node modules; it asks the runtime for them.
 */
export function nodeBuiltin<T>(name: string): T | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return typeof process?.getBuiltinModule === 'function' ? (process.getBuiltinModule(name) as T | undefined) : undefined;
}

interface NodeWorker {
  once(event: 'message' | 'error', listener: (value: unknown) => void): void;
  terminate(): Promise<number>;
  unref(): void;
}

export interface KernelThreads {
  /** Threads including the calling one. */
  readonly count: number;
  worthSplitting(multiplyAdds: number): boolean;
  /** Calls of at least this many multiply-adds are split (Infinity: none). */
  splitFrom: number;
  gemm(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number, c: number, ldc: number): void;
  /**
   * Runs a convolution kernel over `batch` samples split between the threads; args are the first four
   * (operands and geometry), `extra` what follows the sample range (bias, relu for conv2d and
   * sparseConv2d, whose arguments are conv2d's; sparseConv2dGradFilter's are conv2dGradFilter's). With
   * `partStride` (floats) thread t writes to operand 2 + t·partStride (the filter gradient's partial sums).
   */
  conv(op: keyof typeof CONV_OPS, args: number[], batch: number, extra: number[], partStride?: number): void;
  close(): void;
}

/** Starts `count − 1` workers (the caller is thread 0). Node only; throws elsewhere with the reason. */
export async function startKernelThreads(
  count: number, module: WasmModule, memory: KernelMemory, local: KernelExports,
): Promise<KernelThreads> {
  const threads = nodeBuiltin<{ Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker }>('node:worker_threads');
  if (!threads) throw new Error('kernel threads need Node worker_threads (the browser runs the kernels on one thread)');
  const { Worker } = threads;
  const control = new Int32Array(new SharedArrayBuffer((SLOT_BASE + count * SLOT_INTS) * 4));
  const workers: NodeWorker[] = [];
  try {
    for (let index = 1; index < count; index++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory: memory.memory, control: control.buffer, index } });
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', (error) => reject(error instanceof Error ? error : new Error(String(error))));
      });
      // A worker blocked in Atomics.wait must not keep the process alive.
      worker.unref();
      workers.push(worker);
    }
  } catch (error) {
    for (const worker of workers) void worker.terminate();
    throw error;
  }

  let closed = false;
  function dispatch(slots: number[][], own: () => void): void {
    if (closed) throw new Error('simd kernels: the kernel threads were closed');
    for (let t = 1; t < count; t++) control.set(slots[t - 1]!, SLOT_BASE + t * SLOT_INTS);
    Atomics.store(control, DONE, 0);
    Atomics.add(control, GENERATION, 1);
    Atomics.notify(control, GENERATION);
    own();
    for (let done = Atomics.load(control, DONE); done < count - 1; done = Atomics.load(control, DONE)) {
      Atomics.wait(control, DONE, done);
    }
  }

  /** [start, end) of part t when `total` is split into `count` parts of multiples of `unit`. */
  function part(total: number, unit: number, t: number): [number, number] {
    const units = Math.ceil(total / unit);
    const start = Math.min(total, Math.floor((units * t) / count) * unit);
    const end = Math.min(total, Math.floor((units * (t + 1)) / count) * unit);
    return [start, end];
  }

  let splitFrom: number = SPLIT_TRIAL_MACS[0];
  return {
    count,
    get splitFrom() {
      return splitFrom;
    },
    set splitFrom(macs: number) {
      splitFrom = macs;
    },
    worthSplitting: (multiplyAdds) => multiplyAdds >= splitFrom,
    gemm(m, n, k, a, rsA, csA, b, rsB, csB, c, ldc) {
      // Split the longer side of C, so each thread packs the shorter operand whole and half the other.
      const byRows = m >= n;
      const job = (t: number): number[] => {
        const [from, to] = part(byRows ? m : n, byRows ? MR : NR, t);
        return byRows
          ? [to - from, n, k, a + from * rsA * 4, rsA, csA, b, rsB, csB, c + from * ldc * 4, ldc, memory.scratch(t)]
          : [m, to - from, k, a, rsA, csA, b + from * csB * 4, rsB, csB, c + from * 4, ldc, memory.scratch(t)];
      };
      const slots = Array.from({ length: count - 1 }, (_, i) => [Op.Gemm, ...job(i + 1)]);
      dispatch(slots, () => {
        const [mm, nn, kk, aa, ra, ca, bb, rb, cb, cc, lc, sc] = job(0) as [number, number, number, number, number, number, number, number, number, number, number, number];
        local.gemm(mm, nn, kk, aa, ra, ca, bb, rb, cb, cc, lc, 0, sc);
      });
    },
    conv(op, args, batch, extra, partStride) {
      const job = (t: number): number[] => {
        const [from, to] = part(batch, 1, t);
        const operands = partStride === undefined ? args : args.map((v, i) => (i === 2 ? v + t * partStride * 4 : v));
        return [...operands, from, to, ...extra, memory.column(t), memory.scratch(t)];
      };
      const slots = Array.from({ length: count - 1 }, (_, i) => [CONV_OPS[op], ...job(i + 1)]);
      dispatch(slots, () => {
        const j = job(0);
        if (op === 'conv2d' || op === 'sparseConv2d') local[op](j[0]!, j[1]!, j[2]!, j[3]!, j[4]!, j[5]!, j[6]!, j[7]!, j[8]!, j[9]!);
        else local[op](j[0]!, j[1]!, j[2]!, j[3]!, j[4]!, j[5]!, j[6]!, j[7]!);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      for (let t = 1; t < count; t++) control[SLOT_BASE + t * SLOT_INTS] = Op.Close;
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, GENERATION);
    },
  };
}
