/**
 * Where the zero-skipping products stop paying: W1's first-layer pair, Y = X·W (64×784 · 784×64) and
 * dW = Xᵀ·dZ, over X's non-zeros (each call gathering X, as assembly/sparse.ts's one-call forms do) and
 * through the packed GEMM, on X with non-zeros placed at random at each density; CPU µs per pair, median
 * of interleaved blocks, and their ratio, which SPARSE_MAX_DENSITY (core/kernels/simd/provider.ts) is
 * chosen from. The committed `single-fma` build, or `single` where relaxed SIMD does not validate.
 *
 *   npx tsx scripts/perf/crossover.ts [rounds=9]
 */
import {
  KernelMemory, Rng, createKernelMemory, instantiateKernels, kernelsWasmBytes, relaxedSimdAvailable,
} from '@backprop-lab/core';

const roundsArg = process.argv.slice(2).find((a) => a.startsWith('rounds='));
const rounds = roundsArg ? Number(roundsArg.slice('rounds='.length)) : 9;
const build = relaxedSimdAvailable() ? 'single-fma' : 'single';
const densities = [0.15, 0.19, 0.25, 0.3, 0.35, 0.4, 0.5];
const [m, k, n] = [64, 784, 64];
const callsPerBlock = 200;

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const own = createKernelMemory('single');
const module = await (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } }).WebAssembly.compile(kernelsWasmBytes(build));
const wasm = await instantiateKernels(module, own);
const memory = new KernelMemory(own, wasm.gemmScratchBytes(), 1);
memory.begin();
const at = { x: memory.take(m * k), w: memory.take(k * n), dz: memory.take(m * n), y: memory.take(m * n), dw: memory.take(k * n), scratch: memory.take(wasm.sparseScratchFloats(m, k)) };
memory.commit();
const rng = new Rng(9);
memory.write(at.w, Float32Array.from({ length: k * n }, () => rng.normal()));
memory.write(at.dz, Float32Array.from({ length: m * n }, () => rng.normal()));

const zeroSkipping = () => {
  wasm.sparseRowsTimesDense(m, n, k, at.x, at.w, at.y, at.scratch);
  wasm.sparseColumnsTimesDense(m, n, k, at.x, at.dz, at.dw, at.scratch);
};
// Xᵀ·dZ: op(A)[i, p] = X[p, i], as the provider's dense path has it.
const gemm = () => {
  wasm.gemm(m, n, k, at.x, k, 1, at.w, n, 1, at.y, n, 0, memory.scratch(0));
  wasm.gemm(k, n, m, at.x, 1, k, at.dz, n, 1, at.dw, n, 0, memory.scratch(0));
};

function block(f: () => void): number {
  const start = cpuMicros();
  for (let c = 0; c < callsPerBlock; c++) f();
  return (cpuMicros() - start) / callsPerBlock;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

console.log(`${build} build, ${m}×${k}·${k}×${n} and its Xᵀ·dZ, CPU µs per pair, median of ${rounds} rounds`);
for (const density of densities) {
  memory.write(at.x, Float32Array.from({ length: m * k }, () => (rng.next() < density ? rng.next() : 0)));
  for (let i = 0; i < 50; i++) {
    zeroSkipping();
    gemm();
  }
  const times = { zeroSkipping: [] as number[], gemm: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    // The order alternates, so neither side always runs on a cache the other warmed.
    if (r % 2) {
      times.gemm.push(block(gemm));
      times.zeroSkipping.push(block(zeroSkipping));
    } else {
      times.zeroSkipping.push(block(zeroSkipping));
      times.gemm.push(block(gemm));
    }
  }
  const [sparse, dense] = [median(times.zeroSkipping), median(times.gemm)];
  console.log(`${(density * 100).toFixed(0).padStart(3)}% non-zero: zero-skipping ${sparse.toFixed(1).padStart(6)}, GEMM ${dense.toFixed(1).padStart(6)}, ratio ${(sparse / dense).toFixed(2)}`);
}
