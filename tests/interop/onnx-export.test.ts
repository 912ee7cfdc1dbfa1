/**
 * ONNX export checked by an independent runtime: onnxruntime-node runs each exported file (bundled models
 * and models covering every layer, activation and preprocessing) on MNIST test images, and its
 * probabilities must match the engine's within 1e-5.
 */
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { encodeOnnx, onnx } from '@backprop-lab/core';
import { BATCH, bundledModel, bundledNames, coverageModels, engineProbabilities, maxAbsDifference, mnistBatch, spread } from './support.js';
import type { SavedModel } from '@backprop-lab/core';

async function runtimeProbabilities(file: Uint8Array, saved: SavedModel, images: Float32Array): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(file);
  const input = new ort.Tensor('float32', images, [images.length / 784, ...saved.modelSpec.inputShape]);
  const result = await session.run({ image: input });
  return result.probabilities!.data as Float32Array;
}

async function expectSameProbabilities(saved: SavedModel) {
  const images = await mnistBatch();
  const file = encodeOnnx(saved);
  const ours = await engineProbabilities(saved, images);
  const theirs = await runtimeProbabilities(file, saved, images);
  expect(theirs.length).toBe(BATCH * ours.classes);
  expect(spread(ours.data, ours.classes), 'the outputs depend on the image (a constant network would prove nothing)').toBeGreaterThan(1e-3);
  const difference = maxAbsDifference(ours.data, theirs);
  console.info(`onnx ${saved.modelSpec.name}: max |Δp| = ${difference.toExponential(2)}`);
  expect(difference).toBeLessThanOrEqual(1e-5);
}

describe('ONNX export in onnxruntime', () => {
  for (const name of bundledNames) {
    it(`${name}: the runtime's probabilities equal the engine's (max |Δ| ≤ 1e-5)`, async () => {
      await expectSameProbabilities(bundledModel(name));
    });
  }

  it('every layer, activation and preprocessing: the runtime agrees on each coverage model', async () => {
    for (const { saved } of await coverageModels()) await expectSameProbabilities(saved);
  });

  it('names initialisers by the dotted parameter names, uses opset 13 and records the spec', () => {
    const saved = bundledModel('cnn-best');
    const decoded = onnx.ModelProto.decode(encodeOnnx(saved));
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    const names = decoded.graph!.initializer!.map((t) => t.name);
    for (const weightName of Object.keys(saved.weights)) expect(names).toContain(weightName);
    const spec = decoded.metadataProps.find((p) => p.key === 'backprop-lab.modelSpec');
    expect(JSON.parse(spec!.value!)).toEqual(saved.modelSpec);
    expect(decoded.graph!.output!.map((o) => o.name)).toEqual(['probabilities']);
  });
});
