/**
 * The module's σ and tanh (assembly/dense.ts: e^x on four lanes, clamped to [−87.3, 88], 2ⁿ built in the
 * exponent bits) at the values where that construction can go wrong: NaN (which must pass the clamp),
 * ±∞, ±0, the clamp's bounds and past them, a subnormal, the edge of tanh's polynomial, and a sweep of [−16, 16], against
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

/** The float32 spacing at |v| (at 0: the smallest subnormal). */
function ulp(v: number): number {
  const a = Math.fround(Math.abs(v));
  if (a === 0) return 2 ** -149;
  const bits = new Uint32Array(new Float32Array([a]).buffer)[0]!;
  const next = new Float32Array(new Uint32Array([bits + 1]).buffer)[0]!;
  return next - a;
}
/**
 * e^x is Cephes' expf (~1 ulp); σ = 1/(1 + e^−x) and tanh's forms add a division's and an addition's
 * rounding: within 2 ulps of the float64 value over the sweep (dropping the polynomial's top term goes past it).
 */
const MAX_ULPS = 2;
/** The clamp at −87.3 leaves σ's smallest outputs at ~1e−38 instead of e^x's subnormals or 0: below float32's normal range. */
const BELOW_NORMAL = 2 ** -126;

/** The edge values, then a sweep of [−16, 16] in steps of 1/256 (every reduced argument r of e^x, both signs). */
const inputs = [...[Number.NaN, Infinity, -Infinity, 0, -0, 87.3, -87.3, 88, -88, 100, -100, 1e-40, 0.625, -0.625, 0.3, -3, 20, -20.5], ...Array.from({ length: 8193 }, (_, i) => -16 + i / 256)];
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
      else expect(Math.abs(y[i]! - f(x)), `f(${x}) = ${y[i]}`).toBeLessThanOrEqual(MAX_ULPS * ulp(f(x)) + BELOW_NORMAL);
    });
  });
});
