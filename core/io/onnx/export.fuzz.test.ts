/**
 * Fuzz of the ONNX export against an independent runtime: seeded random model specs within the spec's
 * rules (dense, conv1d, conv2d, max and average pooling, global average pooling, batch normalisation,
 * dropout in both modes, every activation fused or as its own layer, every loss), each built with random
 * weights, biases and batch-norm statistics, exported to ONNX and run in onnxruntime-node on random
 * inputs: its outputs must equal the engine's predict within 1e-4. A spec validateModelSpec refuses is
 * drawn again (counted); the exporter must express every spec the engine builds, and anything it
 * refuses must be a ModelFileError naming the layer. 40 specs in `npm test`; `npm run fuzz` draws FUZZ_COUNT
 * of them within its time budget per reader (FUZZ_BUDGET_S, which only bounds the run's length).
 */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import {
  activationNames, encodeOnnx, lossNames, Model, ModelFileError, Rng, selectKernels, SpecError, Tensor, validateModelSpec,
  type ActivationName, type LayerSpec, type ModelSpec, type SavedModel,
} from '@backprop-lab/core';

const SPECS = Number(process.env.FUZZ_COUNT ?? 40);
const SEED = Number(process.env.FUZZ_SEED) || 20261201;
const BUDGET_MS = process.env.FUZZ_COUNT ? Number(process.env.FUZZ_BUDGET_S ?? 600) * 1000 : Infinity;
/** Samples per batch the runtime and the engine both see. */
const BATCH = 3;
const TOLERANCE = 1e-4;

const pick = <T>(rng: Rng, items: readonly T[]): T => items[rng.int(items.length)]!;
const between = (rng: Rng, low: number, high: number) => low + rng.int(high - low + 1);
/** A size as the spec takes it: one number, or [height, width]. */
const size = (rng: Rng, low: number, high: number): number | [number, number] =>
  rng.next() < 0.5 ? between(rng, low, high) : [between(rng, low, high), between(rng, low, high)];

/** `activation` (and `alpha` for leaky-relu) on a weighted layer, or nothing, half the time each. */
function fused(rng: Rng): { activation?: ActivationName; alpha?: number } {
  if (rng.next() < 0.5) return {};
  const activation = pick(rng, activationNames);
  return activation === 'leaky-relu' && rng.next() < 0.5 ? { activation, alpha: Number(rng.uniform(0, 0.5).toFixed(3)) } : { activation };
}

/** A layer that keeps any shape: batch normalisation, dropout, an activation layer. */
function shapeKeeping(rng: Rng): LayerSpec {
  switch (rng.int(3)) {
    case 0:
      return { type: 'batchnorm', ...(rng.next() < 0.5 ? { epsilon: pick(rng, [1e-5, 1e-3, 0.1]) } : {}), ...(rng.next() < 0.5 ? { momentum: rng.uniform(0, 1) } : {}) };
    case 1:
      return { type: 'dropout', keep: Number(rng.uniform(0.3, 1).toFixed(2)) || 1, ...(rng.next() < 0.5 ? { mode: pick(rng, ['inverted', 'classic'] as const) } : {}) };
    default: {
      const fn = pick(rng, activationNames);
      return fn === 'leaky-relu' && rng.next() < 0.5 ? { type: 'activation', fn, alpha: 0.1 } : { type: 'activation', fn };
    }
  }
}

function imageLayer(rng: Rng): LayerSpec {
  switch (rng.int(4)) {
    case 0:
    case 1:
      return {
        type: 'conv2d', filters: between(rng, 1, 5), kernelSize: size(rng, 1, 3),
        ...(rng.next() < 0.5 ? { stride: size(rng, 1, 2) } : {}), ...(rng.next() < 0.5 ? { padding: size(rng, 0, 1) } : {}), ...fused(rng),
      };
    case 2:
      return { type: rng.next() < 0.5 ? 'maxpool2d' : 'avgpool2d', poolSize: size(rng, 1, 3), ...(rng.next() < 0.5 ? { stride: size(rng, 1, 2) } : {}) };
    default:
      return shapeKeeping(rng);
  }
}

function sequenceLayer(rng: Rng): LayerSpec {
  if (rng.next() < 0.6) {
    return {
      type: 'conv1d', filters: between(rng, 1, 5), kernelSize: between(rng, 1, 3),
      ...(rng.next() < 0.5 ? { stride: between(rng, 1, 2) } : {}), ...(rng.next() < 0.5 ? { padding: between(rng, 0, 1) } : {}), ...fused(rng),
    };
  }
  return shapeKeeping(rng);
}

/** A random network: an image, sequence or vector input, its layers, a dense end with 2–10 outputs, any loss. */
function randomSpec(rng: Rng, name: string): ModelSpec {
  const layers: LayerSpec[] = [];
  let inputShape: number[];
  const input = rng.int(3);
  if (input === 0) {
    inputShape = [between(rng, 1, 3), between(rng, 4, 12), between(rng, 4, 12)];
    for (let i = between(rng, 1, 4); i > 0; i--) layers.push(imageLayer(rng));
  } else if (input === 1) {
    inputShape = [between(rng, 1, 4), between(rng, 4, 16)];
    for (let i = between(rng, 1, 3); i > 0; i--) layers.push(sequenceLayer(rng));
  } else {
    inputShape = [between(rng, 2, 40)];
  }
  // From a spatial shape to a vector: flatten, global average pooling, or a dense layer straight on it.
  if (input !== 2) layers.push(pick(rng, [{ type: 'flatten' }, { type: 'globalavgpool' }, null] as const) ?? { type: 'dense', units: between(rng, 2, 12), ...fused(rng) });
  for (let i = rng.int(3); i > 0; i--) layers.push(rng.next() < 0.5 ? { type: 'dense', units: between(rng, 2, 16), ...fused(rng) } : shapeKeeping(rng));
  layers.push({ type: 'dense', units: between(rng, 2, 10), ...fused(rng) });
  return { name, inputShape, layers, loss: pick(rng, lossNames) };
}

/** A model of `spec` with random weights (seeded He uniform), and random biases, batch-norm scales, shifts and statistics. */
async function randomModel(spec: ModelSpec, seed: number): Promise<SavedModel> {
  const model = Model.build(spec, { kernels: await selectKernels('js'), seed, init: 'he-uniform' });
  const rng = new Rng(seed + 1);
  const weights: SavedModel['weights'] = {};
  for (const [name, tensor] of Object.entries(model.stateDict())) {
    const values = Float32Array.from(tensor.data);
    if (!name.endsWith('.weight')) {
      const positive = name.endsWith('runningVar') || name.endsWith('gamma');
      for (let i = 0; i < values.length; i++) values[i] = positive ? 0.5 + rng.next() : rng.next() - 0.5;
    }
    weights[name] = new Tensor([...tensor.shape], values);
  }
  return {
    modelSpec: spec, trainSpec: null, preprocessing: null, metrics: null,
    provenance: { appVersion: '0.0.0-fuzz', createdAt: '2026-12-01T00:00:00.000Z' }, weights,
  };
}

/** What the app's predict gives: the saved weights loaded into a model built afresh, float32 on the js kernels. */
async function enginePredict(saved: SavedModel, input: Float32Array): Promise<Float32Array> {
  const model = Model.build(saved.modelSpec, { kernels: await selectKernels('js'), dtype: 'float32' });
  model.loadStateDict(saved.weights);
  return Float32Array.from(model.predict(new Tensor([BATCH, ...saved.modelSpec.inputShape], Float32Array.from(input))).data);
}

async function runtimePredict(file: Uint8Array, shape: number[], input: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const result = await session.run({ image: new ort.Tensor('float32', Float32Array.from(input), [BATCH, ...shape]) });
  return result.probabilities!.data as Float32Array;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

describe('fuzz: ONNX export in onnxruntime', () => {
  it(`${SPECS} random valid specs: the runtime's outputs equal the engine's predict within ${TOLERANCE}`, async () => {
    const rng = new Rng(SEED);
    const failures: string[] = [];
    const layerTypesSeen = new Set<string>();
    let redrawn = 0;
    let worst = 0;
    let drawn = 0;
    const start = performance.now();
    for (let k = 0; k < SPECS && performance.now() - start < BUDGET_MS; k++, drawn++) {
      let spec = randomSpec(rng, `fuzz-${k}`);
      // A draw the engine refuses (a pool larger than its input, a loss that needs 2 classes …) is drawn again.
      for (;;) {
        try {
          validateModelSpec(spec);
          break;
        } catch (error) {
          if (!(error instanceof SpecError)) throw error;
          redrawn++;
          spec = randomSpec(rng, `fuzz-${k}`);
        }
      }
      spec.layers.forEach((layer) => layerTypesSeen.add(layer.type));
      const saved = await randomModel(spec, SEED + k);
      const input = Float32Array.from({ length: BATCH * spec.inputShape.reduce((a, b) => a * b, 1) }, () => rng.next());
      let file: Uint8Array;
      try {
        file = encodeOnnx(saved);
      } catch (error) {
        const named = error instanceof ModelFileError && /layers?[ .]\d+/.test(error.message);
        failures.push(`${JSON.stringify(spec)}: the exporter refused it${named ? '' : ' without naming the layer'}: ${(error as Error).message}`);
        continue;
      }
      const ours = await enginePredict(saved, input);
      const theirs = await runtimePredict(file, spec.inputShape, input);
      const difference = theirs.length === ours.length ? maxAbsDifference(ours, theirs) : Infinity;
      worst = Math.max(worst, difference);
      if (!(difference <= TOLERANCE)) failures.push(`${JSON.stringify(spec)}: max |Δ| = ${difference} (${theirs.length} values from the runtime, ${ours.length} from the engine)`);
    }
    if (process.env.FUZZ_VERBOSE) console.log(`ONNX export: ${drawn} specs (${redrawn} redrawn), max |Δ| = ${worst.toExponential(2)}`);
    expect(failures).toEqual([]);
    // The draws reached every layer type, so the agreement covers each.
    expect([...layerTypesSeen].sort()).toEqual(['activation', 'avgpool2d', 'batchnorm', 'conv1d', 'conv2d', 'dense', 'dropout', 'flatten', 'globalavgpool', 'maxpool2d']);
  });

  it('a network of one linear activation, which computes the identity, exports to a graph the runtime runs', async () => {
    const spec: ModelSpec = { name: 'identity', inputShape: [5], layers: [{ type: 'activation', fn: 'linear' }], loss: 'mse' };
    const saved = await randomModel(spec, 1);
    const input = Float32Array.from({ length: BATCH * 5 }, (_, i) => i / 7 - 1);
    expect(Array.from(await runtimePredict(encodeOnnx(saved), [5], input))).toEqual(Array.from(input));
  });
});
