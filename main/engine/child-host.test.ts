/** The engine in its own Node process: answers over IPC, and its death is reported with the signal. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Response } from '../../contract/index.js';
import { startChildEngine } from './child-host.js';

const dataDir = mkdtempSync(join(tmpdir(), 'engine-child-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('startChildEngine', () => {
  it('answers presets.list from a child process and reports a SIGKILL', async () => {
    const engine = startChildEngine({ dataDir });
    const exited = new Promise<string>((resolve) => engine.onExit(resolve));
    const response = new Promise<Response>((resolve) => engine.onResponse(resolve));
    engine.send({ id: 1, method: 'presets.list', params: {} });
    const answer = await response;
    expect('result' in answer && (answer.result as Array<{ name: string }>).map((p) => p.name)).toContain('seed-mlp');
    expect(engine.pid).toBeGreaterThan(0);
    process.kill(engine.pid!, 'SIGKILL');
    await expect(exited).resolves.toBe('killed by SIGKILL');
  });
});
