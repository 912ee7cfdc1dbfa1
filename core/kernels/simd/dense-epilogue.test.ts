/**
 * The module's σ and tanh (assembly/dense.ts: e^x on four lanes, clamped to [−87.3, 88], 2ⁿ built in the
 * exponent bits) at the values where that construction can go wrong: NaN (which must pass the clamp),
 * ±∞, ±0, the clamp's bounds and past them, a subnormal, the edge of tanh's polynomial, against
 * Math.exp / Math.tanh in float64; on both single-memory builds.
 */
import { describe, expect, it } from 'vitest';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, relaxedSimdAvailable, type KernelBuild } from './module.js';

relaxedSimdAvailable();
const builds = await Promise.all((['single', 'single-fma'] as KernelBuild[]).map(async (build) => {
  const own = createKernelMemory(build);
  const wasm = await instantiateKernels(await compileKernels(build), own);
  return { build, wasm, memory: new KernelMemory(own, wasm.gemmScratchBytes(), 1) };
}));

const inputs = [Number.NaN, Infinity, -Infinity, 0, -0, 87.3, -87.3, 88, -88, 100, -100, 1e-40, 0.625, -0.625, 0.3, -3, 20, -20.5];
const definitions = [
  { name: 'sigmoid', code: 2, f: (x: number) => 1 / (1 + Math.exp(-x)) },
  { name: 'tanh', code: 3, f: Math.tanh },
];

describe.each(builds)('simd σ and tanh at their edge values ($build build)', ({ wasm, memory }) => {
  it.each(definitions)('$name', ({ code, f }) => {
    memory.begin();
    const [yAt, biasAt, tailAt] = [memory.take(inputs.length), memory.take(inputs.length), memory.take(4)];
    memory.commit();
    memory.write(yAt, inputs);
    memory.view(biasAt, inputs.length).fill(0);
    wasm.denseEpilogue(yAt, 1, inputs.length, biasAt, code, tailAt);
    const y = Array.from(memory.view(yAt, inputs.length));
    inputs.forEach((x, i) => {
      if (Number.isNaN(x)) expect(y[i], `f(${x})`).toBeNaN();
      else expect(Math.abs(y[i]! - f(x)), `f(${x}) = ${y[i]}`).toBeLessThanOrEqual(1e-6 * Math.abs(f(x)) + 1e-30);
    });
  });
});
