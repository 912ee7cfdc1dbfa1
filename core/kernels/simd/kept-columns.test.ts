/**
 * The forward pass's kept column matrices (kept-columns.ts): the filter gradient that reads them is the
 * one that rebuilds them bit for bit, it does read them (poisoning them shows in dW), and it never reads
 * them for another x: another batch, a batch of another size, x changed in place (with or without a new
 * forward pass), a zero-skipping or evaluation pass in between. The rebuilding gradient is the same
 * provider's before any forward pass has kept anything, so both sides run the same products.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Rng } from '../../random.js';
import { Tensor } from '../../tensor.js';
import { conv2dGeometry, type Conv2dGeometry, type Kernels } from '../kernels.js';
import { KernelMemory, compileKernels, createKernelMemory, instantiateKernels, type KernelBuild } from './module.js';
import { createSimdKernels } from './provider.js';
import { startKernelThreads, type KernelThreads } from './threads.js';
import { KEPT_MAX_FLOATS } from './kept-columns.js';

const rng = new Rng(1515);

function randomTensor(shape: number[]): Tensor {
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = rng.uniform(-1, 1);
  return new Tensor(shape, data);
}

interface Setup {
  kernels: Kernels;
  memory: KernelMemory;
  threads?: KernelThreads;
}

/** A provider on its own memory: one thread, or two with every convolution split between them. */
async function setup(threadCount: number): Promise<Setup> {
  const build: KernelBuild = threadCount > 1 ? 'shared' : 'single';
  const module = await compileKernels(build);
  const own = createKernelMemory(build);
  const exports = await instantiateKernels(module, own);
  const memory = new KernelMemory(own, exports.gemmScratchBytes(), threadCount);
  if (threadCount <= 1) return { kernels: createSimdKernels({ exports, memory }), memory };
  const threads = await startKernelThreads(threadCount, module, memory, exports);
  threads.splitFrom = 0;
  return { kernels: createSimdKernels({ exports, memory, threads }), memory, threads };
}

const setups = { 'one thread': await setup(1), 'two threads': await setup(2) };
afterAll(() => setups['two threads'].threads?.close());

// LeNet-5's conv2 (6 → 16, 5×5 on 14×14), at batches small enough for a test.
const filter = randomTensor([16, 6, 5, 5]);
const geometryOf = (batch: number): Conv2dGeometry => conv2dGeometry([batch, 6, 14, 14], filter.shape);

/** dW of x and dy through the layer's calls: conv2dBackward (ReLU, no dx) after whatever ran before. */
function filterGradient(kernels: Kernels, x: Tensor, y: Tensor, dy: Tensor, g: Conv2dGeometry): Float32Array {
  const gradWeight = new Float32Array(filter.size);
  kernels.conv2dBackward({
    x, w: filter, y, dy, geometry: g, activation: { fn: 'relu', alpha: 0 }, gradWeight, gradBias: new Float32Array(16), dx: null,
  });
  return gradWeight;
}

const bias = { bias: randomTensor([16]), relu: true };
const forward = (kernels: Kernels, x: Tensor, g: Conv2dGeometry): Tensor => kernels.conv2d(x, filter, g, undefined, bias);

/** Bits of a float32 array, so equal means bit for bit (NaN and −0 included). */
const bits = (values: Float32Array): Int32Array => new Int32Array(values.buffer.slice(0));

describe.each(Object.entries(setups))('kept column matrices (%s)', (_, { kernels, memory }) => {
  const g = geometryOf(7);
  const a = randomTensor([7, 6, 14, 14]);
  const b = randomTensor([7, 6, 14, 14]);
  const dy = randomTensor([7, 16, 10, 10]);
  // A y whose positives are where ReLU lets dy through; the same for every call of a case.
  const y = randomTensor([7, 16, 10, 10]);

  /** The rebuilding gradient: taken first on a provider whose forward passes have not kept anything. */
  const fresh = new Map<Tensor, Int32Array>();
  it('rebuilds when nothing is kept (the reference for the cases below)', () => {
    for (const x of [a, b]) fresh.set(x, bits(filterGradient(kernels, x, y, dy, g)));
    expect(fresh.get(a)).not.toEqual(fresh.get(b));
  });

  it('reads the forward pass\'s matrices, and they give the rebuilt dW bit for bit', () => {
    forward(kernels, a, g);
    expect(bits(filterGradient(kernels, a, y, dy, g))).toEqual(fresh.get(a));
    // The kept matrices follow keptColumns()'s copy of x: poisoned, dW shows it, so the gradient above read them.
    forward(kernels, a, g);
    memory.view(memory.keptColumns() + a.size * 4, 7 * 150 * 100).fill(Number.NaN);
    expect(filterGradient(kernels, a, y, dy, g).some(Number.isNaN)).toBe(true);
  });

  it('is fresh for the batch of the latest forward pass only', () => {
    forward(kernels, a, g);
    forward(kernels, b, g);
    expect(bits(filterGradient(kernels, b, y, dy, g))).toEqual(fresh.get(b));
    expect(bits(filterGradient(kernels, a, y, dy, g))).toEqual(fresh.get(a));
  });

  it('is fresh when x is changed in place, with or without a new forward pass', () => {
    const x = new Tensor(a.shape, Float32Array.from(a.data));
    forward(kernels, x, g);
    x.data.set(b.data);
    expect(bits(filterGradient(kernels, x, y, dy, g))).toEqual(fresh.get(b));
    forward(kernels, x, g);
    x.data.set(a.data);
    forward(kernels, x, g);
    expect(bits(filterGradient(kernels, x, y, dy, g))).toEqual(fresh.get(a));
    // One changed value is enough to rebuild.
    forward(kernels, x, g);
    x.data[x.size - 1] = -x.data[x.size - 1]!;
    const changed = bits(filterGradient(kernels, x, y, dy, g));
    x.data[x.size - 1] = -x.data[x.size - 1]!;
    expect(changed).not.toEqual(fresh.get(a));
  });

  it('is fresh after an evaluation pass of another batch size, or a zero-skipping pass, in between', () => {
    forward(kernels, a, g);
    forward(kernels, randomTensor([3, 6, 14, 14]), geometryOf(3));
    expect(bits(filterGradient(kernels, a, y, dy, g))).toEqual(fresh.get(a));
    forward(kernels, a, g);
    forward(kernels, new Tensor(a.shape, new Float32Array(a.size)), g);
    expect(bits(filterGradient(kernels, a, y, dy, g))).toEqual(fresh.get(a));
  });

  it('rebuilds, without keeping, for a batch whose matrices need more than KEPT_MAX_FLOATS', () => {
    const batch = Math.ceil(KEPT_MAX_FLOATS / (6 * 14 * 14 + 150 * 100)) + 1;
    const large = geometryOf(batch);
    const x = randomTensor([batch, 6, 14, 14]);
    const dyLarge = randomTensor([batch, 16, 10, 10]);
    const yLarge = randomTensor([batch, 16, 10, 10]);
    const rebuilt = bits(filterGradient(kernels, x, yLarge, dyLarge, large));
    forward(kernels, x, large);
    // Nothing of this batch lies in the kept region: poisoning it changes nothing.
    memory.view(memory.keptColumns(), KEPT_MAX_FLOATS).fill(Number.NaN);
    expect(bits(filterGradient(kernels, x, yLarge, dyLarge, large))).toEqual(rebuilt);
  });

  it('leaves a dense layer\'s backward pass right when its region grows between that layer\'s passes', () => {
    // A mostly-zero X takes the zero-skipping product, whose gather kept-rows.ts keeps for the backward pass.
    const x = new Tensor([8, 64], new Float32Array(8 * 64).map((_, i) => (i % 7 === 0 ? rng.uniform(-1, 1) : 0)));
    const w = randomTensor([64, 10]);
    const b = randomTensor([10]);
    const dyDense = randomTensor([8, 10]);
    const backward = (y: Tensor): Float32Array => {
      const gradWeight = new Float32Array(w.size);
      kernels.denseBackward({ x, w, y, dy: dyDense, activation: null, gradWeight, gradBias: new Float32Array(10), dx: null });
      return gradWeight;
    };
    const y = kernels.denseForward(x, w, b, null);
    const expected = bits(backward(y));
    kernels.denseForward(x, w, b, null);
    const batch = 40;
    forward(kernels, randomTensor([batch, 6, 14, 14]), geometryOf(batch));
    expect(bits(backward(y))).toEqual(expected);
  });

  it('serves the last batch of an epoch, smaller than the others, its own matrices', () => {
    const last = geometryOf(3);
    const x = randomTensor([3, 6, 14, 14]);
    const dyLast = randomTensor([3, 16, 10, 10]);
    const yLast = randomTensor([3, 16, 10, 10]);
    const rebuilt = bits(filterGradient(kernels, x, yLast, dyLast, last));
    forward(kernels, a, g);
    forward(kernels, x, last);
    expect(bits(filterGradient(kernels, x, yLast, dyLast, last))).toEqual(rebuilt);
  });
});
