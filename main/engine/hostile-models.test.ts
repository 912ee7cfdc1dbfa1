/**
 * A model file that decodes cleanly but is hostile (a 10,000-deep field in its modelSpec) once ended
 * the engine process on every models.list while it sat in the library. Through the child process
 * host, as `serve` runs it: the list leaves the file out, answers with the good models, and the same
 * engine answers again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeModelFile } from '@backprop-lab/core';
import { modelFileWithManifestText, tinyModel } from '../../core/testing/file-builders.js';
import type { Response } from '../../contract/index.js';
import { startChildEngine } from './child-host.js';

const dataDir = mkdtempSync(join(tmpdir(), 'engine-hostile-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a hostile model file in the library', () => {
  it('is skipped by models.list, which keeps answering from the same engine process', async () => {
    mkdirSync(join(dataDir, 'models'), { recursive: true });
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    writeFileSync(join(dataDir, 'models', 'deep.bplab'), modelFileWithManifestText(tinyModel(), (json) => json.replace('"modelSpec":{', `"modelSpec":{"extra":${deep},`)));
    writeFileSync(join(dataDir, 'models', 'ctor.bplab'), modelFileWithManifestText(tinyModel(), (json) => json.replace('"type":"dense"', '"type":"constructor"')));
    writeFileSync(join(dataDir, 'models', 'good.bplab'), encodeModelFile(tinyModel()));
    const engine = startChildEngine({ dataDir });
    let exit: string | null = null;
    engine.onExit((reason) => (exit = reason));
    const pending = new Map<unknown, (r: Response) => void>();
    engine.onResponse((r) => pending.get(r.id)?.(r));
    const ask = (id: number) => new Promise<Response>((resolve) => {
      pending.set(id, resolve);
      engine.send({ id, method: 'models.list', params: {} });
    });
    try {
      for (const id of [1, 2]) {
        const response = await ask(id);
        expect(response.id).toBe(id);
        expect('result' in response).toBe(true);
        const ids = (response as { result: { id: string }[] }).result.map((m) => m.id);
        expect(ids).toContain('user:good');
        expect(ids).toContain('bundled:seed-mlp');
        expect(ids).not.toContain('user:deep');
        expect(ids).not.toContain('user:ctor');
      }
      expect(exit).toBeNull();
    } finally {
      if (engine.pid && exit === null) process.kill(engine.pid, 'SIGKILL');
    }
  }, 60_000);
});
