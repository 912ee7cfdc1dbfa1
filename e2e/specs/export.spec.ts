/**
 * Exporting a model downloads a file that core/io loads back (native format and JSON). Browser only: in
 * the desktop app the same download opens a native save dialog, which automation cannot answer.
 */
import { readFileSync } from 'node:fs';
import { decodeModelFile, importModelJson } from '@backprop-lab/core';
import { expect, test } from '../fixtures.js';

test('an exported model file loads with core/io', async ({ page, target }, testInfo) => {
  test.skip(target !== 'browser', 'the desktop app saves through a native dialog, which automation cannot answer');
  await page.getByTestId('nav-models').click();
  const row = page.getByTestId('model-row').first();
  await expect(row).toBeVisible();
  for (const format of ['native', 'json'] as const) {
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId(`export-${format}`).click()]);
    const path = testInfo.outputPath(`${format}-${download.suggestedFilename()}`);
    await download.saveAs(path);
    expect(path.endsWith(format === 'native' ? '.bplab' : '.json'), `${path}'s extension`).toBe(true);
    const bytes = readFileSync(path);
    const model = format === 'native' ? decodeModelFile(new Uint8Array(bytes), path) : importModelJson(bytes.toString('utf8'), path);
    expect(model.modelSpec.layers.length, `${path}: layers`).toBeGreaterThan(0);
    expect(Object.keys(model.weights).length, `${path}: weight tensors`).toBeGreaterThan(0);
  }
});
