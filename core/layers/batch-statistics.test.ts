/**
 * Synchronised BatchNorm on a batch split into slices of uneven sizes, against one thread's pass on all
 * m rows (the oracle: the provider's training passes, core/kernels/batchnorm.ts): y, x̂, μ, σ², 1/√(σ²+ε)
 * of every slice must be the batch's rows; the batch's dx is each slice's w_k·dx_k (dx_k = ∂J_k/∂x) and
 * its dγ, dβ are Σ_k w_k·dγ_k, Σ_k w_k·dβ_k, with w_k = m_k/m, as the executor combines them. The slices'
 * reducers really add every slice's partial sums (lockStep), so a wrong weight, count or variance term in
 * batch-statistics.ts shows here, which a batch run as one slice cannot show.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { batchNormBackwardSynchronised, batchNormForwardSynchronised, type BatchReducer } from './batch-statistics.js';
import { batchNormPasses, type BatchNormBackwardPass, type BatchNormForwardPass } from '../kernels/batchnorm.js';
import type { Kernels } from '../kernels/kernels.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { detectProviders, selectKernels } from '../kernels/select.js';
import { Rng } from '../random.js';
import { allocate, type DType, type TensorData } from '../tensor.js';
import { relativeError } from '../testing/fixtures.js';

/**
 * Runs `pass(k, reducer)` for every slice k, each reducer handing back the sum over all slices of what
 * they passed at the same call. One thread runs one slice at a time, so the passes are replayed: the
 * partials of call i depend only on the sums of calls before it, so each replay learns one more sum,
 * and the replay that knew them all is the synchronised pass.
 */
function lockStep(sliceRows: readonly number[], pass: (k: number, reducer: BatchReducer) => void): void {
  const batchRows = sliceRows.reduce((a, b) => a + b, 0);
  const totals: Float64Array[] = [];
  for (;;) {
    const partials = sliceRows.map(() => [] as Float64Array[]);
    sliceRows.forEach((_, k) => pass(k, {
      batchRows,
      sum: (values) => {
        const call = partials[k]!.push(values.slice()) - 1;
        const total = totals[call];
        if (total) values.set(total);
      },
    }));
    const calls = partials[0]!.length;
    for (const made of partials) expect(made.length, 'every slice makes the same reductions').toBe(calls);
    if (totals.length === calls) return;
    const call = totals.length;
    const total = new Float64Array(partials[0]![call]!.length);
    for (const made of partials) made[call]!.forEach((value, i) => (total[i] = total[i]! + value));
    totals.push(total);
  }
}

interface Layout { rows: number; channels: number; spatial: number }

/** Rows of a [rows, C, S] buffer from `start`, `size` of them. */
const rowsOf = (data: TensorData, { channels, spatial }: Layout, start: number, size: number) =>
  data.subarray(start * channels * spatial, (start + size) * channels * spatial);

function check(kernels: Kernels, dtype: DType, layout: Layout, sliceRows: readonly number[], tolerance: number): void {
  const { rows, channels, spatial } = layout;
  const values = rows * channels * spatial;
  const rng = new Rng(29);
  // Each row shifted by its index, so the slices' own means differ and the (μ_k − μ)² terms matter.
  const x = allocate(dtype, values);
  for (let i = 0; i < values; i++) x[i] = 1.5 * rng.normal() + 0.4 * Math.floor(i / (channels * spatial)) + (i % channels);
  const dy = allocate(dtype, values);
  for (let i = 0; i < values; i++) dy[i] = rng.normal() / rows;
  const gamma = allocate(dtype, channels);
  const beta = allocate(dtype, channels);
  for (let c = 0; c < channels; c++) [gamma[c], beta[c]] = [rng.uniform(0.5, 1.5), rng.normal()];
  const passes = batchNormPasses(kernels);
  const epsilon = 1e-5;
  const forwardPass = (batch: number, input: TensorData): BatchNormForwardPass => ({
    x: input, xhat: allocate(dtype, input.length), y: allocate(dtype, input.length), gamma, beta, batch, channels, spatial,
    training: true, epsilon, mean: new Float64Array(channels), variance: new Float64Array(channels), inverseStd: new Float64Array(channels),
  });
  const backwardPass = (ran: BatchNormForwardPass, gradient: TensorData): BatchNormBackwardPass => ({
    dy: gradient, xhat: ran.xhat, gamma, inverseStd: ran.inverseStd, training: true, batch: ran.batch, channels, spatial,
    dx: allocate(dtype, gradient.length), gradGamma: allocate(dtype, channels), gradBeta: allocate(dtype, channels),
  });

  const whole = forwardPass(rows, x);
  passes.forward(whole);
  const wholeBackward = backwardPass(whole, dy);
  passes.backward(wholeBackward);

  const starts = sliceRows.map((_, k) => sliceRows.slice(0, k).reduce((a, b) => a + b, 0));
  const weights = sliceRows.map((size) => size / rows);
  const slices = sliceRows.map((size, k) => forwardPass(size, rowsOf(x, layout, starts[k]!, size)));
  lockStep(sliceRows, (k, reducer) => batchNormForwardSynchronised(slices[k]!, reducer, passes));
  // The slice's dy is ∂J_k/∂y for its own mean loss: the batch's dy over its rows divided by w_k.
  const sliceGradients = sliceRows.map((size, k) => backwardPass(slices[k]!, rowsOf(dy, layout, starts[k]!, size).map((g) => g / weights[k]!)));
  lockStep(sliceRows, (k, reducer) => batchNormBackwardSynchronised(sliceGradients[k]!, reducer, passes));

  sliceRows.forEach((size, k) => {
    const slice = slices[k]!;
    const label = `slice ${k} (${size} of ${rows} rows)`;
    expect(relativeError(slice.mean, whole.mean), `${label} μ`).toBeLessThanOrEqual(tolerance);
    expect(relativeError(slice.variance, whole.variance), `${label} σ²`).toBeLessThanOrEqual(tolerance);
    expect(relativeError(slice.inverseStd, whole.inverseStd), `${label} 1/√(σ²+ε)`).toBeLessThanOrEqual(tolerance);
    expect(relativeError(slice.xhat, rowsOf(whole.xhat, layout, starts[k]!, size)), `${label} x̂`).toBeLessThanOrEqual(tolerance);
    expect(relativeError(slice.y, rowsOf(whole.y, layout, starts[k]!, size)), `${label} y`).toBeLessThanOrEqual(tolerance);
    const dx = sliceGradients[k]!.dx.map((g) => weights[k]! * g);
    expect(relativeError(dx, rowsOf(wholeBackward.dx, layout, starts[k]!, size)), `${label} w_k·dx_k`).toBeLessThanOrEqual(tolerance);
  });
  const weighted = (pick: (pass: BatchNormBackwardPass) => TensorData) => Float64Array.from({ length: channels }, (_, c) =>
    sliceGradients.reduce((sum, pass, k) => sum + weights[k]! * pick(pass)[c]!, 0));
  expect(relativeError(weighted((pass) => pass.gradGamma), wholeBackward.gradGamma), 'Σ_k w_k·dγ_k').toBeLessThanOrEqual(tolerance);
  expect(relativeError(weighted((pass) => pass.gradBeta), wholeBackward.gradBeta), 'Σ_k w_k·dβ_k').toBeLessThanOrEqual(tolerance);
}

// The providers the conformance suite runs (core/kernels/conformance.test.ts), each selected by name.
const names = (await detectProviders()).filter((p) => p.available).map((p) => p.name);
const providers = await Promise.all(names.map((name) => selectKernels(name)));
afterAll(() => providers.forEach((kernels) => kernels.dispose?.()));

// 7 rows as 3 + 4 and as 2 + 2 + 3; per channel on [m, C, S] and per feature on [m, d].
const layouts: Layout[] = [{ rows: 7, channels: 3, spatial: 5 }, { rows: 7, channels: 4, spatial: 1 }];
const splits = [[3, 4], [2, 2, 3]] as const;

describe('synchronised BatchNorm on slices equals one thread on the whole batch', () => {
  for (const layout of layouts) {
    for (const sliceRows of splits) {
      const label = `${layout.rows}×${layout.channels}×${layout.spatial} as ${sliceRows.join(' + ')}`;
      it(`${label} in float64`, () => check(createReferenceKernels(), 'float64', layout, sliceRows, 1e-12));
      // Float32: the slices' and the batch's passes add the same values in other orders (ε = 6e-8 per rounding).
      providers.forEach((kernels, i) => {
        it(`${label} in float32 (${names[i]})`, () => check(kernels, 'float32', layout, sliceRows, 1e-5));
      });
    }
  }
});
