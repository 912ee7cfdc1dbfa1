/**
 * The `simd` provider's WebAssembly module and the memory it works in. With kernel threads: one instance
 * per thread, all on one shared WebAssembly.Memory (so worker threads can run the same kernels on the
 * same operands, see threads.ts). On one thread: the `single` build of the same sources on a memory of
 * its own, because V8 copies into a SharedArrayBuffer word by word (~20 µs per 200 KB against ~6 µs into
 * an ordinary buffer, docs/performance.md) and each call copies its operands in. The host owns the
 * memory layout: a fixed region per thread for packing scratch and the column matrix, then the operands
 * of the current call, laid out afresh for each call.
 *
 * Why operands are copied in: the engine's tensors are ordinary Float32Arrays on the JavaScript heap,
 * which WebAssembly cannot address. Each call copies its operands in once (TypedArray.set, a memcpy) and
 * its result out once; measured on the W1 step that is ~4% of the time (docs/performance.md), against
 * a packed GEMM that is 1.7× faster than the alternative that needs no copy (the `js` provider).
 */
import {
  KERNELS_FMA_WASM_BASE64, KERNELS_SINGLE_FMA_WASM_BASE64, KERNELS_SINGLE_WASM_BASE64, KERNELS_WASM_BASE64,
} from './kernels-wasm.js';
import { nodeBuiltin } from './threads.js';

/**
 * The builds of assembly/ (scripts/build-wasm.mjs): on shared memory for threads, or on its own memory;
 * each also with relaxed SIMD (`-fma`: the GEMM micro-kernel's multiply-adds fused).
 */
export type KernelBuild = 'shared' | 'single' | 'shared-fma' | 'single-fma';

const BASE64: Record<KernelBuild, string> = {
  shared: KERNELS_WASM_BASE64,
  single: KERNELS_SINGLE_WASM_BASE64,
  'shared-fma': KERNELS_FMA_WASM_BASE64,
  'single-fma': KERNELS_SINGLE_FMA_WASM_BASE64,
};

/** Whether a build runs on shared memory (for kernel threads). */
export function isSharedBuild(build: KernelBuild): boolean {
  return build === 'shared' || build === 'shared-fma';
}

/** What the module exports (assembly/index.ts); pointers are byte offsets into the memory. */
export interface KernelExports {
  gemm(m: number, n: number, k: number, a: number, rsA: number, csA: number, b: number, rsB: number, csB: number,
    c: number, ldc: number, accumulate: number, scratch: number): void;
  gemmScratchBytes(): number;
  conv2d(x: number, w: number, y: number, geometry: number, from: number, to: number, bias: number, relu: number, col: number, scratch: number): void;
  conv2dGradFilter(x: number, dy: number, dw: number, geometry: number, from: number, to: number, col: number, scratch: number): void;
  conv2dGradInput(dy: number, w: number, dx: number, geometry: number, from: number, to: number, col: number, scratch: number): void;
  sparseConv2d(x: number, w: number, y: number, geometry: number, from: number, to: number, bias: number, relu: number, col: number, scratch: number): void;
  sparseConv2dGradFilter(x: number, dy: number, dw: number, geometry: number, from: number, to: number, col: number, scratch: number): void;
  sparseConvScratchFloats(channels: number, height: number, width: number, outChannels: number, depth: number, plane: number): number;
  denseEpilogue(y: number, rows: number, cols: number, bias: number, act: number, tail: number): void;
  activationGradient(y: number, dy: number, dz: number, count: number, act: number): void;
  columnSums(dz: number, rows: number, cols: number, out: number): void;
  sparseNonzeros(x: number, count: number): number;
  sparseScratchFloats(m: number, k: number): number;
  sparseRowsTimesDense(m: number, n: number, k: number, x: number, w: number, y: number, scratch: number): void;
  sparseColumnsTimesDense(m: number, n: number, k: number, x: number, dz: number, dw: number, scratch: number): void;
  sparseRowsFloats(m: number, k: number): number;
  sparseGatherRows(m: number, k: number, x: number, csr: number, limit: number): number;
  gatheredRowsTimesDense(m: number, n: number, k: number, csr: number, w: number, y: number, scratch: number): void;
  gatheredColumnsTimesDense(m: number, n: number, k: number, csr: number, dz: number, dw: number, scratch: number): void;
  sameBits(a: number, b: number, count: number): number;
  channelSums(dz: number, planes: number, channels: number, plane: number, out: number): void;
  maxPool2x2(x: number, y: number, argmax: number, planes: number, height: number, width: number, outHeight: number, outWidth: number): void;
  maxPoolBackward(dy: number, argmax: number, count: number, dx: number, inputs: number): void;
  sgdUpdate(theta: number, grad: number, count: number, lr: number): void;
  adamUpdate(theta: number, grad: number, m: number, v: number, count: number,
    stepSize: number, secondScale: number, beta1: number, beta2: number, epsilon: number): void;
  batchNormForward(x: number, xhat: number, y: number, gamma: number, beta: number, batch: number, channels: number, spatial: number,
    training: number, epsilon: number, mean: number, variance: number, inverseStd: number): void;
  reluForward(z: number, y: number, count: number): void;
  reluBackward(y: number, dy: number, dz: number, count: number): void;
  batchNormStatistics(x: number, batch: number, channels: number, spatial: number, mean: number, variance: number): void;
  batchNormGradientSums(dy: number, xhat: number, batch: number, channels: number, spatial: number, sums: number, gradGamma: number, gradBeta: number): void;
  batchNormInputGradient(dy: number, xhat: number, batch: number, channels: number, spatial: number, coefficients: number, dx: number): void;
}

/**
 * The few WebAssembly JS-API shapes used here: the project's type libraries (ES2022 + Node) do not
 * declare the WebAssembly namespace as values, and the DOM library is not for Node code.
 */
export type WasmModule = object;
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  instantiate(module: WasmModule, imports: object): Promise<{ exports: object }>;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

const PAGE = 65536;
/** asc's --maximumMemory (scripts/build-wasm.mjs): 16384 pages = 1 GiB. */
export const MAXIMUM_PAGES = 16384;
/** The first page is left to the module itself (AssemblyScript's static area). */
const RESERVED = PAGE;

const compiled = new Map<KernelBuild, Promise<WasmModule>>();

/** The bytes of a committed build. */
export function kernelsWasmBytes(build: KernelBuild = 'shared'): Uint8Array {
  const text = atob(BASE64[build]);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Compiles a build once per thread. Throws with the reason when this runtime cannot run it (no
 * WebAssembly SIMD; for the shared build, no shared memory: a browser page that is not cross-origin
 * isolated).
 */
export function compileKernels(build: KernelBuild = 'shared'): Promise<WasmModule> {
  let module = compiled.get(build);
  if (!module) {
    module = (async () => {
      if (!wasmApi) throw new Error('this runtime has no WebAssembly');
      const bytes = kernelsWasmBytes(build);
      if (!wasmApi.validate(bytes)) {
        const needs = ['WebAssembly SIMD', ...(isSharedBuild(build) ? ['threads'] : []), ...(build.endsWith('-fma') ? ['relaxed SIMD'] : [])];
        throw new Error(`this runtime cannot run the module (it needs ${needs.join(', ')})`);
      }
      if (isSharedBuild(build)) {
        try {
          new wasmApi.Memory({ initial: 1, maximum: 1, shared: true });
        } catch (error) {
          throw new Error(`shared WebAssembly memory is unavailable (${error instanceof Error ? error.message : String(error)}; a browser page must be cross-origin isolated)`);
        }
      }
      return wasmApi.compile(bytes);
    })();
    compiled.set(build, module);
  }
  return module;
}

/** The memory a build imports: shared for the `shared` builds, an ordinary one for the `single` ones. */
export function createKernelMemory(build: KernelBuild = 'shared', initialPages = 64): WasmMemory {
  return new wasmApi!.Memory({ initial: initialPages, maximum: MAXIMUM_PAGES, shared: isSharedBuild(build) });
}

/** The smallest module with one relaxed-SIMD instruction: (func (param v128 v128 v128) (result v128) f32x4.relaxed_madd). */
const RELAXED_PROBE = Uint8Array.from([
  0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b, 3, 2, 1, 0,
  10, 13, 1, 11, 0, 0x20, 0, 0x20, 1, 0x20, 2, 0xfd, 0x85, 0x02, 0x0b,
]);
let relaxed: boolean | undefined;

/**
 * Whether this runtime runs relaxed SIMD (the `-fma` builds). Browsers from Chrome 114 and Electron from
 * 25 validate it as they are; Node 20's V8 has it behind --experimental-wasm-relaxed-simd, which is set
 * here once (V8 reads wasm feature flags when it validates a module, so setting it at run time takes
 * effect for modules compiled afterwards). A runtime that refuses the flag (throws) has no relaxed SIMD.
 * Where neither works, the plain builds are used.
 */
export function relaxedSimdAvailable(): boolean {
  if (relaxed === undefined) {
    relaxed = wasmApi?.validate(RELAXED_PROBE) ?? false;
    if (!relaxed) relaxed = setRelaxedSimdFlag() && (wasmApi?.validate(RELAXED_PROBE) ?? false);
  }
  return relaxed;
}

function setRelaxedSimdFlag(): boolean {
  try {
    nodeBuiltin<{ setFlagsFromString(flags: string): void }>('node:v8')?.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return true;
  } catch {
    return false;
  }
}

/** The environment variable that turns the `-fma` builds off (`0`), named like the project's other BACKPROP_LAB_* variables. */
export const SIMD_FMA_VARIABLE = 'BACKPROP_LAB_SIMD_FMA';

/**
 * false when BACKPROP_LAB_SIMD_FMA=0: the plain builds, and V8's flag is left alone (for a runtime where
 * the fused build misbehaves, or to measure one against the other from the command line). Read from
 * `process.env` where there is one (not in a browser page).
 */
export function simdFmaAllowed(env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env): boolean {
  return env?.[SIMD_FMA_VARIABLE]?.trim() !== '0';
}

export async function instantiateKernels(module: WasmModule, memory: WasmMemory): Promise<KernelExports> {
  const instance = await wasmApi!.instantiate(module, {
    env: {
      memory,
      abort: () => {
        throw new Error('simd kernels: the WebAssembly module aborted');
      },
    },
  });
  return instance.exports as unknown as KernelExports;
}

/**
 * The memory as seen from the host: views that follow growth, and a bump layout per call. The kept
 * column matrices (a convolution's, from its forward pass to its filter gradient: kept-columns.ts) come
 * first, so they never move; then region `thread t` (scratch + column matrix), which survives between
 * calls, then the kept block (values one call leaves for a later one), then the operands.
 */
export class KernelMemory {
  private f32: Float32Array;
  private i32: Int32Array;
  private f64: Float64Array;
  private top = 0;
  /** Bytes per thread region (packing scratch + column matrix), grown when a larger convolution comes. */
  private region = 0;
  /** Bytes of the kept block. */
  private keptBytes = 0;
  /** Bytes of the kept column matrices; they only grow, so their start and contents survive every call. */
  private columnsBytes = 0;
  private moves = 0;

  constructor(readonly memory: WasmMemory, readonly scratchBytes: number, readonly threads: number) {
    this.f32 = new Float32Array(memory.buffer);
    this.i32 = new Int32Array(memory.buffer);
    this.f64 = new Float64Array(memory.buffer);
    this.reserveRegions(0);
  }

  /** Makes the kept column matrices' region hold `floats` values, before begin() (growing it moves what follows). */
  reserveKeptColumns(floats: number): void {
    const needed = align(floats * 4);
    if (needed > this.columnsBytes) {
      this.columnsBytes = needed;
      this.moves++;
    }
  }

  /** Start of the kept column matrices' region (fixed: nothing else is ever laid out there). */
  keptColumns(): number {
    return RESERVED;
  }

  /** Makes every thread region hold `colFloats` column values besides the packing scratch. */
  reserveRegions(colFloats: number): void {
    const needed = align(this.scratchBytes + colFloats * 4);
    if (needed > this.region) {
      this.region = needed;
      this.moves++;
    }
  }

  /** Makes the kept block hold at least `floats` values, before begin() (growing it keeps its start and contents). */
  reserveKept(floats: number): void {
    this.keptBytes = Math.max(this.keptBytes, align(floats * 4));
  }

  /** How many times the kept block has moved: growing a thread region or the kept column matrices moves it, and nothing moves its contents. */
  get keptMoves(): number {
    return this.moves;
  }

  /** The kept block's offset (it moves when keptMoves changes). */
  kept(): number {
    return this.scratch(this.threads);
  }

  /** Packing scratch and column matrix of thread t (valid until the next reserveRegions or reserveKeptColumns). */
  scratch(t: number): number {
    return RESERVED + this.columnsBytes + t * this.region;
  }

  column(t: number): number {
    return this.scratch(t) + this.scratchBytes;
  }

  /** Starts a call's layout after the thread regions and the kept block. */
  begin(): void {
    this.top = this.kept() + this.keptBytes;
  }

  /** Reserves `floats` float32 values (16-byte aligned) and returns the byte offset. */
  take(floats: number): number {
    const at = this.top;
    this.top = align(this.top + floats * 4);
    return at;
  }

  /**
   * Grows the memory to hold everything taken since begin(); call before writing. WebAssembly.Memory's
   * `buffer` getter is a call into the runtime (~2% of a W1 step's profile when every call read it), so it
   * is read only when the layout runs past the views: a view never outgrows the memory, and one whose
   * ordinary buffer a growth detached has length 0, so a stale view always takes this path.
   */
  commit(): void {
    if (this.top <= this.f32.byteLength) return;
    const pages = Math.ceil(this.top / PAGE);
    const current = this.memory.buffer.byteLength / PAGE;
    if (pages > current) {
      if (pages > MAXIMUM_PAGES) {
        throw new Error(`simd kernels: the operands need ${(this.top / 2 ** 20).toFixed(0)} MiB, more than the ${MAXIMUM_PAGES / 16} MiB the module can address`);
      }
      this.memory.grow(pages - current);
    }
    // A growth gives a new buffer object (and detaches an ordinary memory's old one): fresh views.
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
    this.f64 = new Float64Array(this.memory.buffer);
  }

  write(at: number, values: ArrayLike<number>): void {
    this.f32.set(values, at >> 2);
  }

  writeInts(at: number, values: ArrayLike<number>): void {
    this.i32.set(values, at >> 2);
  }

  /** Float64 values at `at` (16-byte aligned, as every take()). */
  writeDoubles(at: number, values: ArrayLike<number>): void {
    this.f64.set(values, at >> 3);
  }

  viewDoubles(at: number, count: number): Float64Array {
    return this.f64.subarray(at >> 3, (at >> 3) + count);
  }

  /** A view of `floats` values at `at`: valid until the next call (copy it out before then). */
  view(at: number, floats: number): Float32Array {
    return this.f32.subarray(at >> 2, (at >> 2) + floats);
  }

  /** The same for int32 values. */
  viewInts(at: number, count: number): Int32Array {
    return this.i32.subarray(at >> 2, (at >> 2) + count);
  }
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}
