/**
 * Provider detection and choice. `auto` takes the native TensorFlow bindings when installed
 * (tfjs-node-gpu, then tfjs-node); otherwise it times the available CPU providers (MEASURED: `simd`,
 * `wasm`, `js`) on the engine's own training shapes and takes the fastest on this machine (auto-choice.ts;
 * the measurement and the reason are kept in autoChoice() and shown by bench and train). An explicit name
 * either gives that provider or throws with the reason it is unavailable. Whatever is chosen, float64
 * operands run on the reference kernels, because tfjs and the SIMD module compute in float32 only.
 *
 * The tfjs-node packages are imported through a computed specifier so that nothing (bundler, type
 * checker, test runner) tries to resolve them when they are absent, which is the normal case.
 */
import { availableStatus, unavailableStatus, type Kernels, type ProviderName, type ProviderStatus } from './kernels.js';
import { messageData, type MessageData } from '../messages.js';
import { providerNames } from '../names.js';
import { createReferenceKernels } from './reference.js';
import { createJsKernels, matmulJs } from './js.js';
import { createTfjsKernels, type TfModule } from './tfjs.js';
import { loadSimdKernels, simdFmaWanted } from './simd/index.js';
import { nodeBuiltin } from './simd/threads.js';
import { measureAutoChoice, type AutoChoice } from './auto-choice.js';

/** core/names.ts's providerNames, in detection order (auto: see autoChoice). */
export const PROVIDER_NAMES: readonly ProviderName[] = providerNames;
export const AUTO_ORDER: readonly ProviderName[] = providerNames;
/** The providers `auto` times against each other when no native TensorFlow binding is available. */
export const MEASURED: readonly ProviderName[] = ['simd', 'wasm', 'js'];

/** Products up to this many multiply-adds skip tfjs: its per-call cost (~10 µs) exceeds the work. */
export const WASM_SMALL_PRODUCT_LIMIT = 16 * 1024;

export interface SelectOptions {
  /**
   * Where the WASM backend finds its .wasm files: a folder prefix ending in '/' or a map from file name
   * to path/URL. Under plain Node the package finds them next to itself; a bundled host passes this.
   * Takes effect on the first WASM initialisation in the process only.
   */
  wasmPaths?: string | Partial<Record<WasmFileName, string>>;
  /** Threads for the WASM backend where the platform allows them (browsers with cross-origin isolation). */
  wasmThreads?: number;
  /**
   * Threads for the `simd` provider's kernels, the calling one included (default: the machine's
   * cores, at most SIMD_MAX_THREADS; 1 turns them off). Whether a given product or convolution is split
   * is decided by measurement (simd/threads.ts); where threads cannot start it runs on one.
   */
  simdThreads?: number;
  /**
   * false: the `simd` provider loads its plain build even where the runtime runs relaxed SIMD (default:
   * the fused multiply-add build wherever it runs, simd/module.ts). For measuring one against the other.
   */
  simdFma?: boolean;
}

/** The `simd` provider starts at most this many threads by default (the benchmark machine has 2 cores). */
export const SIMD_MAX_THREADS = 4;

export type WasmFileName = 'tfjs-backend-wasm.wasm' | 'tfjs-backend-wasm-simd.wasm' | 'tfjs-backend-wasm-threaded-simd.wasm';

export interface Loaded {
  status: ProviderStatus;
  create?: () => Kernels;
}

/**
 * Each provider loaded once per process and build: keyed by its name and, for `simd`, the options that
 * change what is loaded (its thread count and whether the fused multiply-add build may be used), so
 * asking for `simdFma: false` after a default load gets the plain build. The WASM backend's options take
 * effect on tfjs's first initialisation only (see SelectOptions), so `wasm` is keyed by name.
 */
const loading = new Map<string, Promise<Loaded>>();

function cacheKey(name: ProviderName, options: SelectOptions): string {
  if (name !== 'simd') return name;
  return `simd threads=${options.simdThreads ?? defaultSimdThreads()} fma=${options.simdFma !== false}`;
}

/** The status of every provider, in AUTO_ORDER; never throws (a failure is an unavailable provider). */
export async function detectProviders(options: SelectOptions = {}): Promise<ProviderStatus[]> {
  const loaded = await Promise.all(AUTO_ORDER.map((name) => load(name, options)));
  return loaded.map((l) => l.status);
}

let choosing: Promise<AutoChoice> | undefined;

/**
 * What `auto` resolves to on this machine, with the timings that decided it; measured once per
 * process (about a second), on the first call.
 */
export function autoChoice(options: SelectOptions = {}): Promise<AutoChoice> {
  choosing ??= (async () => {
    for (const native of ['tfjs-node-gpu', 'tfjs-node'] as const) {
      if ((await load(native, options)).create) {
        return { provider: native, reason: `${native} is installed and working: TensorFlow's native kernels are taken without timing`, timings: [] };
      }
    }
    const candidates: { name: ProviderName; create: () => Kernels }[] = [];
    for (const name of MEASURED) {
      const loaded = await load(name, options);
      if (loaded.create) candidates.push({ name, create: loaded.create });
    }
    if (candidates.length === 0) return { provider: 'reference', reason: 'no float32 provider is available', timings: [] };
    return measureAutoChoice(candidates);
  })();
  return choosing;
}

export async function selectKernels(name: 'auto' | ProviderName, options: SelectOptions = {}): Promise<Kernels> {
  if (name === 'auto') name = (await autoChoice(options)).provider;
  if (!PROVIDER_NAMES.includes(name)) {
    throw new Error(`Unknown kernel provider '${String(name)}'; expected auto or one of ${PROVIDER_NAMES.join(', ')}`);
  }
  const loaded = await load(name, options);
  if (!loaded.create) throw new Error(`Kernel provider '${name}' is unavailable: ${loaded.status.reason ?? 'unknown reason'}`);
  return loaded.create();
}

function load(name: ProviderName, options: SelectOptions): Promise<Loaded> {
  const key = cacheKey(name, options);
  let promise = loading.get(key);
  if (!promise) {
    promise = loadProvider(name, options).catch((error: unknown) => ({
      status: unavailableStatus(name, messageData('provider.failed', { error: errorMessage(error) })),
    }));
    loading.set(key, promise);
  }
  return promise;
}

async function loadProvider(name: ProviderName, options: SelectOptions): Promise<Loaded> {
  switch (name) {
    case 'reference':
      return { status: availableStatus(name, [messageData('provider.reference')]), create: createReferenceKernels };
    case 'js':
      return { status: availableStatus(name, [messageData('provider.js')]), create: createJsKernels };
    case 'simd':
      return loadSimd(options);
    case 'wasm':
      return loadWasm(options);
    case 'tfjs-node':
    case 'tfjs-node-gpu':
      return loadTfjsNode(name);
  }
}

/**
 * The `simd` provider's status and kernels. `loadKernels` is simd/index.ts's loader; a test passes one
 * that fails, to see the fallbacks.
 */
export async function loadSimd(options: SelectOptions, loadKernels: typeof loadSimdKernels = loadSimdKernels): Promise<Loaded> {
  const threads = options.simdThreads ?? defaultSimdThreads();
  let kernels: Kernels;
  const notes: MessageData[] = [];
  let fma = simdFmaWanted(options.simdFma);
  // The -fma build passed the relaxed-SIMD probe, but a runtime may still refuse to compile or
  // instantiate the whole module: then the plain build on the same threads, and the status says why.
  // When the plain build fails as well, the failure was not the -fma build's and is thrown as it is.
  const loadBuild = async (count: number): Promise<Kernels> => {
    if (!fma) return loadKernels(count, { fma: false });
    try {
      return await loadKernels(count, { fma: true });
    } catch (error) {
      const plain = await loadKernels(count, { fma: false });
      fma = false;
      notes.push(messageData('provider.simd-fma-failed', { error: errorMessage(error) }));
      return plain;
    }
  };
  try {
    kernels = await loadBuild(threads);
    const rule = kernels.splitRule;
    if (rule?.code === 'provider.simd-split-none') {
      // No split paid at start-up (the other cores busy): the threads would only make every call's
      // copies the slow shared-memory kind (module.ts), so one thread on the build with its own memory.
      kernels.dispose?.();
      kernels = { ...(await loadBuild(1)), splitRule: rule };
    }
  } catch (error) {
    if (threads <= 1) throw error;
    kernels = await loadBuild(1);
    notes.push(messageData('provider.simd-threads-failed', { error: errorMessage(error) }));
  }
  const detail = [
    messageData('provider.simd', { threads: kernels.threads ?? 1 }),
    ...(kernels.fma ? [messageData('provider.simd-fma')] : []),
    ...notes, ...(kernels.splitRule ? [kernels.splitRule] : []),
  ];
  // One instance per process: its memory and threads are kept; the kernels API is synchronous, so
  // every caller can share it, and dispose() (of any caller) must not stop the others' threads.
  const shared = withFloat64Reference({ ...kernels, dispose: undefined });
  return { status: availableStatus('simd', detail), create: () => shared };
}

function defaultSimdThreads(): number {
  const os = nodeBuiltin<{ availableParallelism(): number }>('node:os');
  const workerThreads = nodeBuiltin<{ isMainThread: boolean }>('node:worker_threads');
  // Not Node (a browser): one thread. Inside a worker (the data-parallel executor's replicas) the
  // cores are already shared out.
  if (!os || !workerThreads || !workerThreads.isMainThread) return 1;
  return Math.max(1, Math.min(SIMD_MAX_THREADS, os.availableParallelism()));
}

async function loadWasm(options: SelectOptions): Promise<Loaded> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasmBackend = await import('@tensorflow/tfjs-backend-wasm');
  if (!tf.findBackend('wasm')) {
    if (options.wasmPaths !== undefined) wasmBackend.setWasmPaths(options.wasmPaths);
    if (options.wasmThreads !== undefined) wasmBackend.setThreadsCount(options.wasmThreads);
    // tfjs-backend-wasm starts its threads from blob: URLs, which Node's workers reject, so under Node
    // it runs single-threaded (tfjs issue #3830).
    if (!(await tf.setBackend('wasm'))) {
      const where = options.wasmPaths === undefined ? '' : ` with wasmPaths ${JSON.stringify(options.wasmPaths)}`;
      throw new Error(`the tfjs WASM backend failed to initialise${where} (tfjs logged the cause)`);
    }
  }
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasmBackend.getThreadsCount();
  const detail = [
    messageData(simd ? 'provider.wasm' : 'provider.wasm-no-simd', { version: wasmBackend.version_wasm, threads }),
    ...(tf.env().getBool('IS_NODE') ? [messageData('provider.wasm-node-threads')] : []),
  ];
  return {
    status: availableStatus('wasm', detail),
    create: () =>
      withFloat64Reference(
        createTfjsKernels(tf, {
          name: 'wasm', backend: 'wasm', transposeOnHost: true,
          nativeConvolution: ['Conv2D'], smallProductLimit: WASM_SMALL_PRODUCT_LIMIT, smallMatmul: matmulJs,
        }),
      ),
  };
}

async function loadTfjsNode(name: 'tfjs-node' | 'tfjs-node-gpu'): Promise<Loaded> {
  const specifier = `@tensorflow/${name}`;
  let tf: TfModule;
  try {
    tf = (await import(/* @vite-ignore */ specifier)) as TfModule;
  } catch (error) {
    const notInstalled = /cannot find|not found|ERR_MODULE_NOT_FOUND|Failed to resolve/i.test(errorMessage(error));
    return {
      status: unavailableStatus(name, notInstalled
        ? messageData('provider.not-installed', { package: specifier })
        : messageData('provider.failed-to-load', { package: specifier, error: errorMessage(error) })),
    };
  }
  if (!(await tf.setBackend('tensorflow'))) {
    return { status: unavailableStatus(name, messageData('provider.backend-failed', { package: specifier })) };
  }
  const backend = tf.backend() as { isUsingGpuDevice?: boolean };
  if (name === 'tfjs-node-gpu' && backend.isUsingGpuDevice === false) {
    return { status: unavailableStatus(name, messageData('provider.no-cuda-device', { package: specifier })) };
  }
  return {
    status: availableStatus(name, [messageData(`provider.${name}`)]),
    create: () => withFloat64Reference(createTfjsKernels(tf, { name, backend: 'tensorflow' })),
  };
}

/** Routes any call with a float64 operand to the reference kernels (tfjs is float32 only). */
export function withFloat64Reference(kernels: Kernels): Kernels {
  const reference = createReferenceKernels();
  const wide = (...ts: { data: unknown }[]) => ts.some((t) => t.data instanceof Float64Array);
  return {
    name: kernels.name,
    matmul: (a, b, o) => (wide(a, b) ? reference.matmul(a, b, o) : kernels.matmul(a, b, o)),
    conv2d: (x, w, g, out, epilogue) => (wide(x, w) ? reference.conv2d(x, w, g, out, epilogue) : kernels.conv2d(x, w, g, out, epilogue)),
    conv2dGradInput: (dy, w, g, out) => (wide(dy, w) ? reference.conv2dGradInput(dy, w, g, out) : kernels.conv2dGradInput(dy, w, g, out)),
    conv2dGradFilter: (x, dy, g) => (wide(x, dy) ? reference.conv2dGradFilter(x, dy, g) : kernels.conv2dGradFilter(x, dy, g)),
    conv2dBackward: (pass) => (wide(pass.x, pass.w, pass.y, pass.dy) ? reference.conv2dBackward(pass) : kernels.conv2dBackward(pass)),
    denseForward: (x, w, b, f, out) => (wide(x, w, b) ? reference.denseForward(x, w, b, f, out) : kernels.denseForward(x, w, b, f, out)),
    denseBackward: (pass) => (wide(pass.x, pass.w, pass.y, pass.dy) ? reference.denseBackward(pass) : kernels.denseBackward(pass)),
    // Optimizer updates, max pooling, batch normalisation and ReLU take float32 arrays only (the callers' own loops handle float64).
    ...(kernels.sgdUpdate ? { sgdUpdate: kernels.sgdUpdate } : {}),
    ...(kernels.maxPool2x2 ? { maxPool2x2: kernels.maxPool2x2 } : {}),
    ...(kernels.maxPoolBackward ? { maxPoolBackward: kernels.maxPoolBackward } : {}),
    ...(kernels.adamUpdate ? { adamUpdate: kernels.adamUpdate } : {}),
    ...(kernels.batchNormForward ? { batchNormForward: kernels.batchNormForward } : {}),
    ...(kernels.batchNormStatistics ? { batchNormStatistics: kernels.batchNormStatistics } : {}),
    ...(kernels.batchNormBackward ? { batchNormBackward: kernels.batchNormBackward } : {}),
    ...(kernels.batchNormGradientSums ? { batchNormGradientSums: kernels.batchNormGradientSums } : {}),
    ...(kernels.batchNormInputGradient ? { batchNormInputGradient: kernels.batchNormInputGradient } : {}),
    ...(kernels.reluForward ? { reluForward: kernels.reluForward } : {}),
    ...(kernels.reluBackward ? { reluBackward: kernels.reluBackward } : {}),
    ...(kernels.dispose ? { dispose: () => kernels.dispose?.() } : {}),
    ...(kernels.threads ? { threads: kernels.threads } : {}),
    ...(kernels.splitRule ? { splitRule: kernels.splitRule } : {}),
    ...(kernels.fma !== undefined ? { fma: kernels.fma } : {}),
  };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
