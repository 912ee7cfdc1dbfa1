/**
 * Which product the simd provider's dense forward pass takes: the zero-skipping one exactly when X has at
 * most SPARSE_MAX_DENSITY of its values non-zero (its gather is the count, giving up past the limit), the
 * packed GEMM otherwise, and the reference provider's result either way. The module's calls are counted,
 * so a test on one side of the limit cannot pass on the other path.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import { createReferenceKernels } from '../reference.js';
import { relativeError } from '../../testing/tensors.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, type KernelExports } from './module.js';
import { SPARSE_MAX_DENSITY, createSimdKernels } from './provider.js';

const rng = new Rng(808);
const [m, k, n] = [8, 50, 12];
const reference = createReferenceKernels();

async function countingProvider() {
  const own = createKernelMemory('single');
  const wasm = await instantiateKernels(await compileKernels('single'), own);
  const calls = { zeroSkipping: 0, gemm: 0 };
  const exports: KernelExports = {
    ...wasm,
    gatheredRowsTimesDense: (...args) => (calls.zeroSkipping++, wasm.gatheredRowsTimesDense(...args)),
    gemm: (...args) => (calls.gemm++, wasm.gemm(...args)),
  };
  return { kernels: createSimdKernels({ exports, memory: new KernelMemory(own, wasm.gemmScratchBytes(), 1) }), calls };
}

/** X [m, k] with exactly `nonzeros` non-zero values, at random places. */
function withNonzeros(nonzeros: number): Tensor {
  const order = Array.from({ length: m * k }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const x = new Float32Array(m * k);
  for (const at of order.slice(0, nonzeros)) x[at] = rng.normal();
  return new Tensor([m, k], x);
}

const w = new Tensor([k, n], Float32Array.from({ length: k * n }, () => rng.normal()));
const bias = new Tensor([n], Float32Array.from({ length: n }, () => rng.normal()));
const limit = Math.floor(SPARSE_MAX_DENSITY * m * k);

describe('simd dense forward pass: zero-skipping product or GEMM', () => {
  it.each([
    [limit, 'zero-skipping'], [limit - 1, 'zero-skipping'], [0, 'zero-skipping'],
    [limit + 1, 'gemm'], [m * k, 'gemm'],
  ] as const)('X with %i non-zeros takes the %s product, with the reference result', async (nonzeros, path) => {
    const { kernels, calls } = await countingProvider();
    const x = withNonzeros(nonzeros);
    const activation = { fn: 'tanh' as const, alpha: 0 };
    const y = kernels.denseForward(x, w, bias, activation);
    expect(calls).toEqual(path === 'gemm' ? { zeroSkipping: 0, gemm: 1 } : { zeroSkipping: 1, gemm: 0 });
    expect(relativeError(y, reference.denseForward(x, w, bias, activation))).toBeLessThanOrEqual(1e-4);
  });
});
