/**
 * Models out and in through the Models view: every export format downloads bytes that an independent
 * reader loads (onnxruntime, TensorFlow.js, fflate + npyjs, the safetensors layout, core/io for ours),
 * and an ONNX file written by PyTorch, uploaded with "Import model", classifies a 7 drawn on the pad.
 * Browser only: in the desktop app a download opens a native save dialog, which automation cannot answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { parse as parseNpy } from 'npyjs';
import { decodeModelFile, importModelJson } from '@backprop-lab/core';
import { expect, test } from '../fixtures.js';
import { seven } from '../digits.js';
import { drawAndRead } from '../steps.js';
import { repositoryRoot } from '../environment.js';

/** Loads the downloaded bytes of `format` with a reader that is not the writer; returns how many weight tensors it found. */
async function loadExport(format: string, bytes: Uint8Array, path: string): Promise<number> {
  switch (format) {
    case 'native': return Object.keys(decodeModelFile(bytes, path).weights).length;
    case 'json': return Object.keys(importModelJson(new TextDecoder().decode(bytes), path).weights).length;
    case 'onnx': {
      const session = await ort.InferenceSession.create(bytes);
      const result = await session.run({ image: new ort.Tensor('float32', new Float32Array(784), [1, 784]) });
      const probabilities = Array.from(result.probabilities!.data as Float32Array);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      return probabilities.length;
    }
    case 'tfjs': {
      const files = unzipSync(bytes);
      const json = JSON.parse(new TextDecoder().decode(files['model.json']));
      const shard = files[json.weightsManifest[0].paths[0]]!;
      await tf.setBackend('cpu');
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: shard.slice().buffer }));
      return model.getWeights().length;
    }
    case 'safetensors': {
      const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
      return Object.keys(header).filter((name) => name.startsWith('layers.')).length;
    }
    case 'npz': {
      const entries = unzipSync(bytes);
      return Object.entries(entries).filter(([name, data]) => name.startsWith('layers.') && parseNpy(data.slice().buffer).shape.length > 0).length;
    }
    default: throw new Error(`no reader for ${format}`);
  }
}

test('every export format downloads a file another reader loads @language-neutral', async ({ page, target }, testInfo) => {
  test.skip(target !== 'browser', 'the desktop app saves through a native dialog, which automation cannot answer');
  await page.getByTestId('nav-models').click();
  const row = page.locator('[data-testid="model-row"][data-model-id="bundled:seed-mlp"]');
  await expect(row).toBeVisible();
  const formats = await row.getByTestId('export-format').locator('option').evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
  expect(formats).toEqual(['native', 'json', 'onnx', 'tfjs', 'safetensors', 'npz']);
  for (const format of formats) {
    await row.getByTestId('export-format').selectOption(format);
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('export-model').click()]);
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    // seed-mlp: three dense layers, a weight and a bias each (ONNX: its 10 probabilities).
    expect(await loadExport(format, new Uint8Array(readFileSync(path)), path), `${format}: ${path}`).toBe(format === 'onnx' ? 10 : 6);
  }
});

test('an ONNX model made by PyTorch, imported from the Models view, reads a 7 drawn on the pad @language-neutral', async ({ page }) => {
  await page.getByTestId('nav-models').click();
  await page.getByTestId('import-file').setInputFiles(join(repositoryRoot, 'tests/fixtures/onnx/small-cnn.onnx'));
  const row = page.locator('[data-testid="model-row"][data-model-id^="user:small-cnn"]').first();
  await expect(row).toBeVisible();
  await expect(page.getByTestId('import-done')).toContainText('user:small-cnn');
  await row.getByTestId('use-model').click();
  await expect(page.getByTestId('model-select')).toHaveValue(/^user:small-cnn/);
  expect(await drawAndRead(page, seven, { left: 0.3, top: 0.15, height: 0.7 })).toBe('7');
});
