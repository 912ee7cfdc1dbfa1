/**
 * TF.js layers export checked by TensorFlow.js itself: `tf.loadLayersModel` reads model.json and the
 * shards through an in-memory IO handler, and its probabilities on MNIST test images (fed channels-last,
 * after the preprocessing recorded in the metadata) must match the engine's within 1e-5.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { applyPreprocessing, encodeTfjsLayers, ModelFileError, type FittedPreprocessing, type SavedModel } from '@backprop-lab/core';
import { bundledModel, bundledNames, coverageModels, engineProbabilities, maxAbsDifference, mnistBatch, randomModel, spread } from './support.js';

interface ModelJson {
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  userDefinedMetadata: { backpropLab: { inputShape: number[]; preprocessing: FittedPreprocessing | null } };
}

/** An IO handler that serves the exported files from memory, as a web server would serve the folder. */
function memoryHandler(files: Record<string, Uint8Array>): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as ModelJson;
      const shards = json.weightsManifest.flatMap((group) => group.paths.map((path) => files[path]!));
      const weightData = new Uint8Array(shards.reduce((n, s) => n + s.length, 0));
      let offset = 0;
      for (const shard of shards) {
        weightData.set(shard, offset);
        offset += shard.length;
      }
      return {
        modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: weightData.buffer,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}

/** Our [C, …] samples as Keras's channels-last [… , C]. */
function toChannelsLast(images: Float32Array, shape: readonly number[]): Float32Array {
  if (shape.length === 1 || shape[0] === 1) return images;
  const [channels, ...spatial] = shape;
  const positions = spatial.reduce((a, b) => a * b, 1);
  const perSample = channels! * positions;
  const out = new Float32Array(images.length);
  for (let n = 0; n < images.length / perSample; n++) {
    for (let c = 0; c < channels!; c++) for (let p = 0; p < positions; p++) out[n * perSample + p * channels! + c] = images[n * perSample + c * positions + p]!;
  }
  return out;
}

async function expectSameProbabilities(saved: SavedModel) {
  await tf.setBackend('cpu');
  const files = encodeTfjsLayers(saved);
  const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as ModelJson;
  const loaded = await tf.loadLayersModel(memoryHandler(files));
  const images = await mnistBatch();
  const input = Float32Array.from(images);
  const recorded = json.userDefinedMetadata.backpropLab;
  if (recorded.preprocessing) applyPreprocessing(recorded.preprocessing, input);
  const batch = tf.tensor(toChannelsLast(input, saved.modelSpec.inputShape), [images.length / 784, ...recorded.inputShape]);
  const output = loaded.predict(batch) as tf.Tensor;
  const theirs = await output.data();
  const ours = await engineProbabilities(saved, images);
  expect(spread(ours.data, ours.classes)).toBeGreaterThan(1e-3);
  const difference = maxAbsDifference(ours.data, theirs);
  console.info(`tfjs ${saved.modelSpec.name}: max |Δp| = ${difference.toExponential(2)}`);
  expect(difference).toBeLessThanOrEqual(1e-5);
  tf.dispose([batch, output]);
  loaded.dispose();
}

describe('TF.js layers export in tf.loadLayersModel', () => {
  for (const name of bundledNames) {
    it(`${name}: TensorFlow.js gives the engine's probabilities (max |Δ| ≤ 1e-5)`, async () => {
      await expectSameProbabilities(bundledModel(name));
    });
  }

  it('coverage models (all but the step activation, which TF.js has no layer for)', async () => {
    const models = (await coverageModels()).filter(({ saved }) => !JSON.stringify(saved.modelSpec).includes('"step"'));
    expect(models.length).toBe(3);
    for (const { saved } of models) await expectSameProbabilities(saved);
  });

  it('a BatchNorm between a flatten and a dense layer gets its vectors permuted like the dense weights', async () => {
    const { saved } = await randomModel({
      name: 'flatten-batchnorm', inputShape: [1, 28, 28], loss: 'softmax-cross-entropy', layers: [
        { type: 'conv2d', filters: 3, kernelSize: 5, stride: 3, activation: 'relu' }, { type: 'flatten' }, { type: 'batchnorm' },
        { type: 'dense', units: 10 },
      ],
    }, { type: 'none' }, 7);
    await expectSameProbabilities(saved);
  });

  it('conv1d with padding over [channels, length] input, fed as [length, channels]', async () => {
    const { saved } = await randomModel({
      name: 'conv1d-tfjs', inputShape: [28, 28], loss: 'softmax-cross-entropy', layers: [
        { type: 'conv1d', filters: 6, kernelSize: 5, stride: 2, padding: 2, activation: 'tanh' }, { type: 'batchnorm' },
        { type: 'globalavgpool' }, { type: 'dense', units: 10 },
      ],
    }, { type: 'standardise' }, 8);
    await expectSameProbabilities(saved);
  });

  it('refuses the step activation with a message naming the layer', async () => {
    const stepModel = (await coverageModels()).find(({ saved }) => saved.modelSpec.name === 'cover-conv1d')!;
    expect(() => encodeTfjsLayers(stepModel.saved)).toThrow(ModelFileError);
    expect(() => encodeTfjsLayers(stepModel.saved)).toThrow(/^layer 4 \(dense\): the step activation has no TensorFlow\.js layer/);
    expect(() => encodeTfjsLayers(stepModel.saved)).toThrow(expect.objectContaining({ code: 'tfjs.no-step', params: { index: 4, type: 'dense' } }));
  });

  it('cuts weights into 4 MiB shards listed in the manifest', () => {
    const files = encodeTfjsLayers(bundledModel('cnn-best'));
    const json = JSON.parse(new TextDecoder().decode(files['model.json'])) as ModelJson;
    const paths = json.weightsManifest[0]!.paths;
    expect(paths).toEqual(Object.keys(files).filter((f) => f !== 'model.json'));
    for (const path of paths.slice(0, -1)) expect(files[path]!.length).toBe(4 * 1024 * 1024);
  });
});
