/**
 * Fuzz of settings.json as a user may edit it, read as the app reads it: the engine starts on the data
 * folder and answers settings.get with a result the contract accepts, whatever the file holds; the
 * file itself is never rewritten by reading it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseResult } from '../../contract/index.js';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';
import { EngineService } from '../engine/service.js';
import { createStandInBackend } from '../engine/stand-in-backend.js';
import { readPreferences } from './preferences-file.js';

const root = mkdtempSync(join(tmpdir(), 'settings-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fuzz: settings.json', () => {
  it('300 edits read as the provider chosen or none, never a value the contract refuses, the file unchanged', async () => {
    const path = join(root, 'settings.json');
    const valid = { provider: 'simd' };
    const report = await fuzz({
      name: 'settings.json', seeds: [new TextEncoder().encode(JSON.stringify(valid, null, 2))], json: valid,
      read: async (bytes) => {
        writeFileSync(path, bytes);
        // The engine starts on it and answers Settings, as the app's client checks the answer.
        const service = new EngineService({ ...createStandInBackend().backend, preferences: { read: () => readPreferences(path), write: async () => undefined } }, () => undefined);
        parseResult('settings.get', await service.call('settings.get', {}));
        if (!Buffer.from(bytes).equals(readFileSync(path))) throw new Error('settings.json was rewritten by reading it');
      },
      isOwnError: () => false,
    });
    expect(failuresOf(report).filter((line) => !/no input was refused/.test(line))).toEqual([]);
    writeFileSync(path, '{"provider": "cuda-9000", "theme": 5}');
    expect(await readPreferences(path)).toEqual({});
    writeFileSync(path, '{"provider": "wasm"}');
    expect(await readPreferences(path)).toEqual({ provider: 'wasm' });
  });
});
