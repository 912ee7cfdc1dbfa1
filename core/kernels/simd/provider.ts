/**
 * The `simd` provider: our own WebAssembly kernels (assembly/: a packed, blocked GEMM with a 4×8 SIMD
 * micro-kernel; convolution and both gradients through a per-sample column matrix; the convolution's
 * bias + ReLU applied in the module while the output is in cache). Every transpose is a choice of
 * strides inside the module, so no operand is transposed or rearranged on the host; the host's work is
 * one copy of each operand into the module's memory and one copy of the result out (module.ts says why).
 *
 * A dense layer whose input is mostly zero (MNIST pixels) skips those zeros in both products, and a
 * convolution's forward pass and filter gradient do too (assembly/sparse-conv.ts; SPARSE_MAX_DENSITY
 * below, the one rule for both).
 *
 * Products of at most GEMV_MAX_ROWS rows (single images) stay on the host's vector-matrix kernel: it
 * skips the zero pixels and reads B in place, where a copy of B alone costs more (measured in
 * docs/performance.md). Float64 operands go to the reference kernels (the wrapper in select.ts).
 */
import { Tensor, type TensorData } from '../../tensor.js';
import { matmulSizes, resultBuffer, type AdamStep, type Conv2dEpilogue, type KernelActivation, type Conv2dGeometry, type Kernels, type MatmulOptions } from '../kernels.js';
import { checkConv2dOperands } from '../im2col.js';
import { GEMV_MAX_ROWS, gemvRows } from '../gemv.js';
import { checkDenseBackward, denseSizes, denseViaMatmul, type DenseBackwardPass } from '../dense.js';
import { checkConv2dBackward, type Conv2dBackwardPass } from '../conv-backward.js';
import { checkBatchNormSizes, checkPerChannelArray, inputGradientCoefficients, type BatchNormBackwardPass, type BatchNormForwardPass, type BatchNormStatisticsPass } from '../batchnorm.js';
import { activationBackward, activationForward } from '../activate.js';
import type { ActivationName } from '../../spec.js';
import type { KernelExports, KernelMemory } from './module.js';
import type { KernelThreads } from './threads.js';
import { KEPT_ROWS_MAX_FLOATS, keptRowsOf } from './kept-rows.js';
import { keptColumnsOf } from './kept-columns.js';
import { geometryInts } from './conv-geometry.js';

/** The activations the module applies itself (assembly/dense.ts's codes); the others run on the host. */
const NATIVE_ACTIVATIONS: Partial<Record<ActivationName, number>> = { linear: 0, relu: 1, sigmoid: 2, tanh: 3 };

/** The module's code for a fused activation (0: none), or undefined when the host must apply it. */
function nativeActivation(activation: KernelActivation | null): number | undefined {
  return activation ? NATIVE_ACTIVATIONS[activation.fn] : 0;
}

/**
 * Inputs with at most this share of non-zero values take the products that skip X's zeros
 * (assembly/sparse.ts); denser ones the packed GEMM. Measured on 64×784·784×64 (docs/performance.md,
 * scripts/perf/crossover.ts): the zero-skipping products cost about the GEMM's time at ~35% non-zeros
 * (eighth round; 30% before the seventh's faster products); MNIST pixels are ~19%. Not raised to the new
 * crossover: the convolutions take the same rule and theirs was not measured again.
 */
export const SPARSE_MAX_DENSITY = 0.25;

/** The most non-zeros `count` values may hold and take the zero-skipping products. */
export function sparseLimit(count: number): number {
  return Math.floor(SPARSE_MAX_DENSITY * count);
}

export interface SimdContext {
  exports: KernelExports;
  memory: KernelMemory;
  /** Worker threads that run the same module on the same memory; absent: this thread does everything. */
  threads?: KernelThreads;
}

export function createSimdKernels(context: SimdContext): Kernels {
  const { exports: wasm, memory, threads } = context;

  /** C[m, n] = op(A)·op(B) on operands in the module (strides as in assembly/gemm.ts), split when it pays. */
  function product(m: number, n: number, k: number, aAt: number, rsA: number, csA: number, bAt: number, rsB: number, csB: number, cAt: number): void {
    if (threads && threads.worthSplitting(m * n * k)) {
      threads.gemm(m, n, k, aAt, rsA, csA, bAt, rsB, csB, cAt, n);
    } else {
      wasm.gemm(m, n, k, aAt, rsA, csA, bAt, rsB, csB, cAt, n, 0, memory.scratch(0));
    }
  }

  /** X kept from a dense forward pass to its backward pass, with its CSR when it took the zero-skipping product. */
  const kept = keptRowsOf(memory, wasm);
  /** A convolution's column matrices kept from its forward pass for the filter gradient of the same x. */
  const columns = keptColumnsOf(memory, wasm);

  /** Whether the `count` values at `at` are sparse enough for the zero-skipping products. */
  function mostlyZero(at: number, count: number): boolean {
    return wasm.sparseNonzeros(at, count) <= sparseLimit(count);
  }

  function matmul(a: Tensor, b: Tensor, options: MatmulOptions = {}): Tensor {
    const { transA = false, transB = false } = options;
    const { m, k, n } = matmulSizes(a, b, options);
    if (m <= GEMV_MAX_ROWS && !transA) return new Tensor([m, n], gemvRows(a.data as Float32Array, b.data as Float32Array, m, k, n, transB));
    memory.begin();
    const aAt = memory.take(m * k);
    const bAt = memory.take(k * n);
    const cAt = memory.take(m * n);
    memory.commit();
    memory.write(aAt, a.data);
    memory.write(bAt, b.data);
    // op(A)[i, p] = A[i·rsA + p·csA]: A stored [m, k] or, transposed, [k, m]; likewise B.
    const [rsA, csA] = transA ? [1, m] : [k, 1];
    const [rsB, csB] = transB ? [1, k] : [n, 1];
    product(m, n, k, aAt, rsA, csA, bAt, rsB, csB, cAt);
    return new Tensor([m, n], memory.view(cAt, m * n).slice());
  }

  // Single images (at most GEMV_MAX_ROWS rows) take the host's vector-matrix product, as matmul does.
  const onHost = denseViaMatmul(matmul);

  /** Y = f(X·W + B): the product, then bias and f in the module while Y is in cache (dense.ts). */
  function denseForward(x: Tensor, w: Tensor, bias: Tensor, activation: KernelActivation | null, out?: TensorData): Tensor {
    const { m, k, n } = denseSizes(x, w, bias.data);
    if (m <= GEMV_MAX_ROWS) return onHost.denseForward(x, w, bias, activation, out);
    const y = out ? resultBuffer(out, m * n, x.data, 'denseForward') : new Float32Array(m * n);
    const act = nativeActivation(activation);
    // A training batch's X is kept for its backward pass; a larger one (an evaluation's) uses scratch, so one
    // large call does not leave the kept block at its size (kept-rows.ts).
    const keeping = m * k <= KEPT_ROWS_MAX_FLOATS;
    if (keeping) kept.reserve(m, k);
    memory.begin();
    const [wAt, bAt, yAt, tailAt, cursorAt] = [memory.take(k * n), memory.take(n), memory.take(m * n), memory.take(4), memory.take(m + 1)];
    const [scratchXAt, scratchCsrAt] = keeping ? [0, 0] : [memory.take(m * k), memory.take(wasm.sparseRowsFloats(m, k))];
    memory.commit();
    const [xAt, csrAt] = keeping ? [kept.forwardX(), kept.forwardCsr()] : [scratchXAt, scratchCsrAt];
    memory.write(xAt, x.data);
    memory.write(wAt, w.data);
    memory.write(bAt, bias.data);
    // The gather is the count: it gives up (−1) once X has more non-zeros than the zero-skipping products take.
    if (wasm.sparseGatherRows(m, k, xAt, csrAt, sparseLimit(m * k)) >= 0) {
      if (keeping) kept.keep(m, k);
      wasm.gatheredRowsTimesDense(m, n, k, csrAt, wAt, yAt, cursorAt);
    } else {
      product(m, n, k, xAt, k, 1, wAt, n, 1, yAt);
    }
    wasm.denseEpilogue(yAt, m, n, bAt, act ?? 0, tailAt);
    y.set(memory.view(yAt, m * n));
    if (activation && act === undefined) activationForward(activation.fn, activation.alpha, y, y, [m, n]);
    return new Tensor([m, n], y);
  }

  /** dZ = f'(Y) ⊙ dY, dW = Xᵀ·dZ, dB = Σ_rows dZ and dX = dZ·Wᵀ, all on one copy of each operand. */
  function denseBackward(pass: DenseBackwardPass): Tensor | null {
    const { x, w, y, dy, activation } = pass;
    const { m, k, n } = checkDenseBackward(pass);
    const act = nativeActivation(activation);
    const wantDx = pass.dx !== null;
    memory.begin();
    const [xAt, yAt, dzAt, dwAt, dbAt, sparseAt] = [memory.take(m * k), memory.take(m * n), memory.take(m * n), memory.take(k * n), memory.take(n), memory.take(wasm.sparseScratchFloats(m, k))];
    const [wAt, dxAt] = wantDx ? [memory.take(k * n), memory.take(m * k)] : [0, 0];
    memory.commit();
    memory.write(xAt, x.data);
    if (act === undefined) {
      // f' the module does not have: computed on the host straight into the module's dZ.
      activationBackward(activation!.fn, activation!.alpha, y.data, dy.data, memory.view(dzAt, m * n), [m, n]);
    } else {
      memory.write(dzAt, dy.data);
      if (act !== 0) {
        memory.write(yAt, y.data);
        wasm.activationGradient(yAt, dzAt, dzAt, m * n, act);
      }
    }
    // Xᵀ·dZ: op(A)[i, p] = X[p, i]; dZ·Wᵀ: op(B)[p, j] = W[j, p].
    // The forward pass's CSR when this is its X, bit for bit (kept-rows.ts); else counted and gathered here.
    const csrAt = kept.find(xAt, m, k);
    if (csrAt !== null) wasm.gatheredColumnsTimesDense(m, n, k, csrAt, dzAt, dwAt, sparseAt);
    else if (mostlyZero(xAt, m * k)) wasm.sparseColumnsTimesDense(m, n, k, xAt, dzAt, dwAt, sparseAt);
    else product(k, n, m, xAt, 1, k, dzAt, n, 1, dwAt);
    wasm.columnSums(dzAt, m, n, dbAt);
    pass.gradWeight.set(memory.view(dwAt, k * n));
    pass.gradBias.set(memory.view(dbAt, n));
    if (!wantDx) return null;
    memory.write(wAt, w.data);
    product(m, k, n, dzAt, n, 1, wAt, 1, n, dxAt);
    const dx = pass.dx ? resultBuffer(pass.dx, m * k, dy.data, 'denseBackward') : new Float32Array(m * k);
    dx.set(memory.view(dxAt, m * k));
    return new Tensor([m, k], dx);
  }

  /** 2×2, stride-2 max pooling and its arg-max in the module (assembly/pool.ts). */
  function maxPool2x2(x: Float32Array, y: Float32Array, argmax: Int32Array, planes: number, height: number, width: number, outHeight: number, outWidth: number): void {
    const inputs = planes * height * width;
    const outputs = planes * outHeight * outWidth;
    if (x.length !== inputs || y.length !== outputs || argmax.length !== outputs) {
      throw new Error(`maxPool2x2: ${planes} planes of ${height}×${width} → ${outHeight}×${outWidth} need ${inputs} inputs and ${outputs} outputs, got ${x.length}, ${y.length} and ${argmax.length}`);
    }
    memory.begin();
    const [xAt, yAt, argmaxAt] = [memory.take(inputs), memory.take(outputs), memory.take(outputs)];
    memory.commit();
    memory.write(xAt, x);
    wasm.maxPool2x2(xAt, yAt, argmaxAt, planes, height, width, outHeight, outWidth);
    y.set(memory.view(yAt, outputs));
    argmax.set(memory.viewInts(argmaxAt, outputs));
  }

  function maxPoolBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array): void {
    if (dy.length !== argmax.length) throw new Error(`maxPoolBackward: dy holds ${dy.length} values but the arg-max ${argmax.length}`);
    memory.begin();
    const [dyAt, argmaxAt, dxAt] = [memory.take(dy.length), memory.take(argmax.length), memory.take(dx.length)];
    memory.commit();
    memory.write(dyAt, dy);
    memory.writeInts(argmaxAt, argmax);
    wasm.maxPoolBackward(dyAt, argmaxAt, dy.length, dxAt, dx.length);
    dx.set(memory.view(dxAt, dx.length));
  }

  /** ReLU (../relu32.ts has the definition) in the module: one copy of z in, y out. */
  function reluForward(z: Float32Array, y: Float32Array): void {
    if (y.length !== z.length) throw new Error(`reluForward: z holds ${z.length} values but y ${y.length}`);
    memory.begin();
    const [zAt, yAt] = [memory.take(z.length), memory.take(z.length)];
    memory.commit();
    memory.write(zAt, z);
    wasm.reluForward(zAt, yAt, z.length);
    y.set(memory.view(yAt, z.length));
  }

  /** Its gradient: one copy of y and dy in, dz out. */
  function reluBackward(y: Float32Array, dy: Float32Array, dz: Float32Array): void {
    if (dy.length !== y.length || dz.length !== y.length) throw new Error(`reluBackward: y holds ${y.length} values, dy ${dy.length} and dz ${dz.length}`);
    memory.begin();
    const [yAt, dyAt, dzAt] = [memory.take(y.length), memory.take(y.length), memory.take(y.length)];
    memory.commit();
    memory.write(yAt, y);
    memory.write(dyAt, dy);
    wasm.reluBackward(yAt, dyAt, dzAt, y.length);
    dz.set(memory.view(dzAt, y.length));
  }

  /** Batch normalisation's forward pass (../batchnorm.ts) in the module: one copy of x in, x̂ and y out. */
  function batchNormForward(pass: BatchNormForwardPass<Float32Array>): void {
    const { x, batch, channels, spatial } = pass;
    checkBatchNormSizes('batchNormForward', pass, { x, xhat: pass.xhat, y: pass.y }, { gamma: pass.gamma, beta: pass.beta, mean: pass.mean, variance: pass.variance, inverseStd: pass.inverseStd });
    memory.begin();
    const [xAt, xhatAt, yAt, gammaAt, betaAt] = [memory.take(x.length), memory.take(x.length), memory.take(x.length), memory.take(channels), memory.take(channels)];
    const [meanAt, varianceAt, inverseAt] = [memory.take(2 * channels), memory.take(2 * channels), memory.take(2 * channels)];
    memory.commit();
    memory.write(xAt, x);
    memory.write(gammaAt, pass.gamma);
    memory.write(betaAt, pass.beta);
    memory.writeDoubles(meanAt, pass.mean);
    memory.writeDoubles(varianceAt, pass.variance);
    wasm.batchNormForward(xAt, xhatAt, yAt, gammaAt, betaAt, batch, channels, spatial, pass.training ? 1 : 0, pass.epsilon, meanAt, varianceAt, inverseAt);
    pass.xhat.set(memory.view(xhatAt, x.length));
    pass.y.set(memory.view(yAt, x.length));
    pass.mean.set(memory.viewDoubles(meanAt, channels));
    pass.variance.set(memory.viewDoubles(varianceAt, channels));
    pass.inverseStd.set(memory.viewDoubles(inverseAt, channels));
  }

  /** The training statistics alone: one copy of x in, μ and σ² out (no x̂ or y). */
  function batchNormStatistics(pass: BatchNormStatisticsPass<Float32Array>): void {
    const { x, batch, channels, spatial } = pass;
    checkBatchNormSizes('batchNormStatistics', pass, { x }, { mean: pass.mean, variance: pass.variance });
    memory.begin();
    const [xAt, meanAt, varianceAt] = [memory.take(x.length), memory.take(2 * channels), memory.take(2 * channels)];
    memory.commit();
    memory.write(xAt, x);
    wasm.batchNormStatistics(xAt, batch, channels, spatial, meanAt, varianceAt);
    pass.mean.set(memory.viewDoubles(meanAt, channels));
    pass.variance.set(memory.viewDoubles(varianceAt, channels));
  }

  /** The backward pass: the gradient sums and dx on one copy of dy and x̂, the coefficients computed between. */
  // batchNormBackwardLoops' composition (../batchnorm.ts), not the two entries: those would copy dy and x̂ in twice.
  function batchNormBackward(pass: BatchNormBackwardPass<Float32Array>): void {
    const at = batchNormBackwardOperands('batchNormBackward', pass);
    const sums = new Float64Array(2 * pass.channels);
    gradientSumsInModule(pass, at, sums);
    const coefficients = new Float64Array(4 * pass.channels);
    inputGradientCoefficients(pass, pass.batch * pass.spatial, sums, coefficients);
    inputGradientInModule(pass, at, coefficients);
  }

  /** Its first half: one copy of dy and x̂ in, the float64 sums, dγ and dβ out. */
  function batchNormGradientSums(pass: BatchNormBackwardPass<Float32Array>, sums: Float64Array): void {
    checkPerChannelArray('batchNormGradientSums', pass.channels, 'sums', sums, 2);
    gradientSumsInModule(pass, batchNormBackwardOperands('batchNormGradientSums', pass), sums);
  }

  /** Its second half: one copy of dy and x̂ in, dx out. */
  function batchNormInputGradient(pass: BatchNormBackwardPass<Float32Array>, coefficients: Float64Array): void {
    checkPerChannelArray('batchNormInputGradient', pass.channels, 'coefficients', coefficients, 4);
    inputGradientInModule(pass, batchNormBackwardOperands('batchNormInputGradient', pass), coefficients);
  }

  /** Lays out a backward pass's operands in the module and copies dy and x̂ in. */
  function batchNormBackwardOperands(op: string, pass: BatchNormBackwardPass<Float32Array>) {
    const { dy, channels } = pass;
    checkBatchNormSizes(op, pass, { dy, xhat: pass.xhat, dx: pass.dx }, { gamma: pass.gamma, inverseStd: pass.inverseStd, gradGamma: pass.gradGamma, gradBeta: pass.gradBeta });
    memory.begin();
    const at = {
      dy: memory.take(dy.length), xhat: memory.take(dy.length), dx: memory.take(dy.length),
      sums: memory.take(4 * channels), coefficients: memory.take(8 * channels), gradGamma: memory.take(channels), gradBeta: memory.take(channels),
    };
    memory.commit();
    memory.write(at.dy, dy);
    memory.write(at.xhat, pass.xhat);
    return at;
  }

  function gradientSumsInModule(pass: BatchNormBackwardPass<Float32Array>, at: ReturnType<typeof batchNormBackwardOperands>, sums: Float64Array): void {
    const { batch, channels, spatial } = pass;
    wasm.batchNormGradientSums(at.dy, at.xhat, batch, channels, spatial, at.sums, at.gradGamma, at.gradBeta);
    sums.set(memory.viewDoubles(at.sums, 2 * channels));
    pass.gradGamma.set(memory.view(at.gradGamma, channels));
    pass.gradBeta.set(memory.view(at.gradBeta, channels));
  }

  function inputGradientInModule(pass: BatchNormBackwardPass<Float32Array>, at: ReturnType<typeof batchNormBackwardOperands>, coefficients: Float64Array): void {
    const { batch, channels, spatial } = pass;
    memory.writeDoubles(at.coefficients, coefficients);
    wasm.batchNormInputGradient(at.dy, at.xhat, batch, channels, spatial, at.coefficients, at.dx);
    pass.dx.set(memory.view(at.dx, pass.dy.length));
  }

  /** θ ← θ − η·g (core/optim/sgd.ts) on float32 parameters, in the module. */
  function sgdUpdate(theta: Float32Array, grad: Float32Array, lr: number): void {
    memory.begin();
    const [thetaAt, gradAt] = [memory.take(theta.length), memory.take(grad.length)];
    memory.commit();
    memory.write(thetaAt, theta);
    memory.write(gradAt, grad);
    wasm.sgdUpdate(thetaAt, gradAt, theta.length, lr);
    theta.set(memory.view(thetaAt, theta.length));
  }

  /** Adam's update (core/optim/adam.ts) on float32 parameters and moments, in the module. */
  function adamUpdate(theta: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, step: AdamStep): void {
    const count = theta.length;
    memory.begin();
    const [thetaAt, gradAt, mAt, vAt] = [memory.take(count), memory.take(count), memory.take(count), memory.take(count)];
    memory.commit();
    memory.write(thetaAt, theta);
    memory.write(gradAt, grad);
    memory.write(mAt, m);
    memory.write(vAt, v);
    wasm.adamUpdate(thetaAt, gradAt, mAt, vAt, count, step.stepSize, step.secondScale, step.beta1, step.beta2, step.epsilon);
    theta.set(memory.view(thetaAt, count));
    m.set(memory.view(mAt, count));
    v.set(memory.view(vAt, count));
  }

  /**
   * Lays out the geometry block, the thread regions' column matrices (or the zero-skipping kernels'
   * scratch, whichever is larger) and the operands of one convolution.
   */
  function convolutionLayout(g: Conv2dGeometry, sizes: number[]): { geometry: number; at: number[] } {
    const depth = g.inChannels * g.kernelHeight * g.kernelWidth;
    const plane = g.outHeight * g.outWidth;
    const sparse = wasm.sparseConvScratchFloats(g.inChannels, g.inHeight, g.inWidth, g.outChannels, depth, plane);
    memory.reserveRegions(Math.max(depth * plane, sparse));
    memory.begin();
    const geometry = memory.take(16);
    const at = sizes.map((size) => memory.take(size));
    memory.commit();
    memory.writeInts(geometry, geometryInts(g));
    return { geometry, at };
  }

  function conv2d(x: Tensor, w: Tensor, g: Conv2dGeometry, out?: TensorData, epilogue?: Conv2dEpilogue): Tensor {
    checkConv2dOperands('conv2d', g, { x, w });
    const size = g.batch * g.outChannels * g.outHeight * g.outWidth;
    const y = resultBuffer(out, size, x.data, 'conv2d');
    // The dense path keeps its column matrices for this x's filter gradient (kept-columns.ts).
    const columnsAt = columns.reserve(g);
    const { geometry, at: [ownXAt, wAt, yAt, biasAt] } = convolutionLayout(g, [columnsAt ? 0 : x.size, w.size, size, epilogue ? g.outChannels : 0]);
    const xAt = columnsAt ? columns.inputAt : ownXAt!;
    memory.write(xAt, x.data);
    memory.write(wAt!, w.data);
    if (epilogue) memory.write(biasAt!, epilogue.bias.data);
    const bias = epilogue ? biasAt! : 0;
    const relu = epilogue?.relu ? 1 : 0;
    const op = mostlyZero(xAt, x.size) ? 'sparseConv2d' : 'conv2d';
    const keeping = op === 'conv2d' && columnsAt !== 0;
    if (keeping) memory.writeInts(geometry, geometryInts(g, columnsAt));
    if (threads && threads.worthSplitting(size * g.inChannels * g.kernelHeight * g.kernelWidth)) {
      threads.conv(op, [xAt, wAt!, yAt!, geometry], g.batch, [bias, relu]);
    } else {
      wasm[op](xAt, wAt!, yAt!, geometry, 0, g.batch, bias, relu, memory.column(0), memory.scratch(0));
    }
    if (keeping) columns.record(g);
    y.set(memory.view(yAt!, size));
    return new Tensor([g.batch, g.outChannels, g.outHeight, g.outWidth], y);
  }

  function conv2dGradInput(dy: Tensor, w: Tensor, g: Conv2dGeometry, out?: TensorData): Tensor {
    checkConv2dOperands('conv2dGradInput', g, { dy, w });
    const size = g.batch * g.inChannels * g.inHeight * g.inWidth;
    const dx = resultBuffer(out, size, dy.data, 'conv2dGradInput');
    const { geometry, at: [dyAt, wAt, dxAt] } = convolutionLayout(g, [dy.size, w.size, size]);
    memory.write(dyAt!, dy.data);
    memory.write(wAt!, w.data);
    inputGradient(dyAt!, wAt!, dxAt!, geometry, g);
    dx.set(memory.view(dxAt!, size));
    return new Tensor([g.batch, g.inChannels, g.inHeight, g.inWidth], dx);
  }

  /** Threads a filter gradient is split between (each sums its own samples into its own dW). */
  function filterGradientParts(g: Conv2dGeometry): number {
    const multiplyAdds = g.batch * g.outChannels * g.outHeight * g.outWidth * g.inChannels * g.kernelHeight * g.kernelWidth;
    return threads && threads.worthSplitting(multiplyAdds) ? threads.count : 1;
  }

  /**
   * dW = Σ_n dy_n · col_nᵀ on operands in the module, into `dw` (the parts of a split added on the host);
   * over x's non-zeros only when x is mostly zero; from the forward pass's kept column matrices when
   * they are this x's.
   */
  function filterGradient(xAt: number, dyAt: number, dwAt: number, geometry: number, g: Conv2dGeometry, parts: number, dw: TensorData): void {
    const size = g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth;
    const op = mostlyZero(xAt, g.batch * g.inChannels * g.inHeight * g.inWidth) ? 'sparseConv2dGradFilter' : 'conv2dGradFilter';
    const columnsAt = op === 'conv2dGradFilter' ? columns.find(g, xAt) : 0;
    if (columnsAt) memory.writeInts(geometry, geometryInts(g, columnsAt));
    if (parts > 1) {
      threads!.conv(op, [xAt, dyAt, dwAt, geometry], g.batch, [], size);
    } else {
      wasm[op](xAt, dyAt, dwAt, geometry, 0, g.batch, memory.column(0), memory.scratch(0));
    }
    dw.set(memory.view(dwAt, size));
    for (let t = 1; t < parts; t++) {
      const part = memory.view(dwAt + t * size * 4, size);
      for (let i = 0; i < size; i++) dw[i]! += part[i]!;
    }
  }

  /** dx = col2im(Wᵀ · dy_n) per sample on operands in the module. */
  function inputGradient(dyAt: number, wAt: number, dxAt: number, geometry: number, g: Conv2dGeometry): void {
    if (threads && threads.worthSplitting(g.batch * g.outChannels * g.outHeight * g.outWidth * g.inChannels * g.kernelHeight * g.kernelWidth)) {
      threads.conv('conv2dGradInput', [dyAt, wAt, dxAt, geometry], g.batch, []);
    } else {
      wasm.conv2dGradInput(dyAt, wAt, dxAt, geometry, 0, g.batch, memory.column(0), memory.scratch(0));
    }
  }

  function conv2dGradFilter(x: Tensor, dy: Tensor, g: Conv2dGeometry): Tensor {
    checkConv2dOperands('conv2dGradFilter', g, { x, dy });
    const size = g.outChannels * g.inChannels * g.kernelHeight * g.kernelWidth;
    const parts = filterGradientParts(g);
    const { geometry, at: [xAt, dyAt, dwAt] } = convolutionLayout(g, [x.size, dy.size, size * parts]);
    memory.write(xAt!, x.data);
    memory.write(dyAt!, dy.data);
    const dw = new Float32Array(size);
    filterGradient(xAt!, dyAt!, dwAt!, geometry, g, parts, dw);
    return new Tensor([g.outChannels, g.inChannels, g.kernelHeight, g.kernelWidth], dw);
  }

  /**
   * dz = f'(y) ⊙ dy, db, dw and dx on one copy of x, y, dy and w: the layer's whole backward pass in
   * the module (conv-backward.ts has the definition).
   */
  function conv2dBackward(pass: Conv2dBackwardPass): Tensor | null {
    checkConv2dBackward(pass);
    const { x, w, y, dy, geometry: g, activation } = pass;
    const act = nativeActivation(activation);
    const wantDx = pass.dx !== null;
    const parts = filterGradientParts(g);
    const { geometry, at: [xAt, yAt, dzAt, dwAt, dbAt, wAt, dxAt] } = convolutionLayout(g, [
      x.size, act ? y.size : 0, dy.size, w.size * parts, g.outChannels, wantDx ? w.size : 0, wantDx ? x.size : 0,
    ]);
    memory.write(xAt!, x.data);
    if (act === undefined) {
      // f' the module does not have: computed on the host straight into the module's dz.
      activationBackward(activation!.fn, activation!.alpha, y.data, dy.data, memory.view(dzAt!, dy.size), dy.shape);
    } else {
      memory.write(dzAt!, dy.data);
      if (act !== 0) {
        memory.write(yAt!, y.data);
        wasm.activationGradient(yAt!, dzAt!, dzAt!, dy.size, act);
      }
    }
    wasm.channelSums(dzAt!, g.batch * g.outChannels, g.outChannels, g.outHeight * g.outWidth, dbAt!);
    pass.gradBias.set(memory.view(dbAt!, g.outChannels));
    filterGradient(xAt!, dzAt!, dwAt!, geometry, g, parts, pass.gradWeight);
    if (!wantDx) return null;
    memory.write(wAt!, w.data);
    inputGradient(dzAt!, wAt!, dxAt!, geometry, g);
    const dx = resultBuffer(pass.dx ?? undefined, x.size, dy.data, 'conv2dBackward');
    dx.set(memory.view(dxAt!, x.size));
    return new Tensor(x.shape, dx);
  }

  return {
    name: 'simd', matmul, conv2d, conv2dGradInput, conv2dGradFilter, conv2dBackward, denseForward, denseBackward, sgdUpdate, adamUpdate, maxPool2x2, maxPoolBackward,
    batchNormForward, batchNormStatistics, batchNormBackward, batchNormGradientSums, batchNormInputGradient, reluForward, reluBackward,
    ...(threads ? { dispose: () => threads.close() } : {}),
  };
}
