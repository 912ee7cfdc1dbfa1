/** models.skipped: a library file that cannot be read is named with its reason as error data, and models.list goes on without it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend } from './backend.js';
import { EngineService } from './service.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'bplab-skipped-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('models.skipped', () => {
  it('names a damaged user model with its size and a model-file error, and models.list leaves it out', async () => {
    await mkdir(join(dataDir, 'models'), { recursive: true });
    const bytes = new TextEncoder().encode('not a model file at all');
    await writeFile(join(dataDir, 'models', 'broken.bplab'), bytes);
    const service = new EngineService(await createBackend({ dataDir }), () => undefined);
    const answer = await service.handleMessage({ id: 1, method: 'models.skipped', params: {} });
    expect(answer).toEqual({
      id: 1,
      result: [{
        id: 'user:broken', fileName: 'broken.bplab', sizeBytes: bytes.length,
        error: {
          code: 'model-file.model-not-one', params: { file: join(dataDir, 'models', 'broken.bplab') },
          message: `${join(dataDir, 'models', 'broken.bplab')}: not a Backprop Lab model file`,
        },
      }],
    });
    const listed = await service.call('models.list', {});
    expect(listed.map((m) => m.id)).not.toContain('user:broken');
    expect(listed.filter((m) => m.source === 'bundled').length).toBeGreaterThan(0);
  });
});
