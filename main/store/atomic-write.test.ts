import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLineDurable, isTemporaryName, removeStaleTemporaries, writeFileAtomic } from './atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bplab-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary behind', async () => {
    const path = join(dir, 'run.json');
    await writeFileAtomic(path, 'old');
    await writeFileAtomic(path, 'new');
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('keeps the old file when the write fails before the rename', async () => {
    const path = join(dir, 'run.json');
    await writeFileAtomic(path, 'old');
    await expect(writeFileAtomic(path, 'new', { beforeRename: () => { throw new Error('disk full'); } })).rejects.toThrow('disk full');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('keeps the old file when the writing process is killed mid-write', async () => {
    const path = join(dir, 'model.bplab');
    await writeFile(path, 'old');
    const script = join(dir, 'writer.mts');
    const moduleUrl = pathToFileURL(join(import.meta.dirname, 'atomic-write.ts')).href;
    await writeFile(script, `
      import { writeFileAtomic } from ${JSON.stringify(moduleUrl)};
      await writeFileAtomic(${JSON.stringify(path)}, new Uint8Array(1 << 20).fill(7), {
        beforeRename: () => new Promise(() => { process.stdout.write('written\\n'); }),
      });
    `);
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('written') && resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await readFile(path, 'utf8')).toBe('old');
    const stray = (await readdir(dir)).filter(isTemporaryName);
    expect(stray).toHaveLength(1);
    expect(await removeStaleTemporaries(dir)).toBe(1);
    expect((await readdir(dir)).filter(isTemporaryName)).toEqual([]);
  });
});

describe('appendLineDurable', () => {
  it('appends whole lines', async () => {
    const path = join(dir, 'metrics.jsonl');
    await appendLineDurable(path, '{"a":1}');
    await appendLineDurable(path, '{"a":2}\n');
    expect(await readFile(path, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });
});
