/**
 * Ctrl-C during `train`, then `train --resume` (issue 13, defect 13): the CLI runs as its own process on
 * a small MNIST subset; SIGINT arrives a second after its first epoch line (what a person pressing Ctrl-C
 * then sees); the run then reads `interrupted` (run.json rewritten so by the run store, never left
 * `running`), a checkpoint of a recorded epoch is on disk, and `--resume` finishes the run from it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './run-cli.testing.js';
import { checkpointFileName } from '../store/checkpoint-files.js';
import { RunStore } from '../store/run-store.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EPOCHS = 8;
const flags = ['--preset', 'seed-mlp', '--epochs', String(EPOCHS), '--batch', '50', '--provider', 'js', '--limit', '3000', '--test-limit', '200', '--json'];

let dataDir: string | undefined;
afterEach(async () => {
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('train: Ctrl-C, then --resume', () => {
  it('an interrupted run keeps its checkpoint, reads interrupted, and --resume finishes it', { timeout: 300_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'bplab-sigint-'));
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'backprop-lab.mjs'), 'train', ...flags, '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    // The first epoch line on stdout, as the reporter prints it once the epoch is recorded.
    const lines = createInterface({ input: child.stdout! });
    const firstEpoch = await new Promise<Record<string, unknown>>((resolve, reject) => {
      lines.on('line', (line) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        if (record.event === 'epoch') resolve(record);
      });
      void exited.then(() => reject(new Error(`train exited before its first epoch line: ${stderr}`)));
    });
    expect(firstEpoch.epoch).toBe(1);
    // A person's Ctrl-C, a second after reading the line (the delay is the scenario, not a wait for an event).
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill('SIGINT');
    const ending = await exited;
    expect(ending.code === 0 && ending.signal === null, 'train ran to its end before the Ctrl-C: give it more epochs').toBe(false);

    const [runId] = readdirSync(join(dataDir, 'runs'));
    const run = await new RunStore(dataDir).getRun(runId!);
    expect(run?.status).toBe('interrupted');
    expect(run!.epochsDone).toBeGreaterThanOrEqual(1);
    expect(run!.epochsDone).toBeLessThan(EPOCHS);
    // Every reader sees it so: the run store rewrote run.json.
    expect((JSON.parse(readFileSync(join(dataDir, 'runs', runId!, 'run.json'), 'utf8')) as { status: string }).status).toBe('interrupted');
    // Only the newest checkpoint is kept (checkpoint-files.ts), so which one is there depends on how many
    // epochs ran in that second: one of an epoch the run has recorded, at least the first.
    const kept = readdirSync(join(dataDir, 'runs', runId!, 'checkpoints'));
    const recorded = Array.from({ length: run!.epochsDone }, (_, i) => checkpointFileName(i + 1));
    expect(kept.some((file) => recorded.includes(file)), `checkpoints ${kept.join(', ')} for ${run!.epochsDone} epochs`).toBe(true);

    const resumed = await cli('train', '--resume', join(dataDir, 'runs', runId!), '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const finished = await new RunStore(dataDir).getRun(runId!);
    expect(finished).toMatchObject({ status: 'completed', epochsDone: EPOCHS });
    expect(existsSync(join(dataDir, 'runs', runId!, 'model.bplab'))).toBe(true);
  });
});
