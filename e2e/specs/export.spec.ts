/**
 * Exporting a model downloads a file that core/io loads back (native format and JSON). Browser only: in
 * the desktop app the same download opens a native save dialog, which automation cannot answer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModelFile, importModelJson } from '@backprop-lab/core';
import { assert, type Spec } from '../context.js';

export const exportSpec: Spec = {
  name: 'an exported model file loads with core/io',
  projects: ['browser'],
  async run({ page, downloadsDir, project }) {
    await page.getByTestId('nav-models').click();
    const row = page.locator('[data-testid=model-row]').first();
    await row.waitFor({ timeout: 15_000 });
    const modelId = await row.getAttribute('data-model-id');
    for (const format of ['native', 'json'] as const) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), row.getByTestId(`export-${format}`).click()]);
      const path = join(downloadsDir, `${project}-${format}-${download.suggestedFilename()}`);
      await download.saveAs(path);
      const bytes = readFileSync(path);
      const model = format === 'native' ? decodeModelFile(new Uint8Array(bytes), path) : importModelJson(bytes.toString('utf8'), path);
      assert(model.modelSpec.layers.length > 0, `${path}: the model has no layers`);
      assert(Object.keys(model.weights).length > 0, `${path}: the model has no weights`);
      assert(format === 'native' ? path.endsWith('.bplab') : path.endsWith('.json'), `${modelId} exported as ${path}`);
    }
  },
};
