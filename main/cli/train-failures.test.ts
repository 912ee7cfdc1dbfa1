/**
 * `train` when a run cannot go on (issue 14, items 5 and 6): a write that fails is one clear line and
 * a non-zero status, never a stack trace; a loss that explodes while finite ends the run diverged; a
 * finished run is not resumed. In-process, on a few hundred MNIST images.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli } from './run-cli.testing.js';
import { failWrites } from '../store/failing-writes.testing.js';

const work = mkdtempSync(join(tmpdir(), 'backprop-lab-train-failures-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let failing: ReturnType<typeof failWrites> | undefined;
afterEach(() => {
  failing?.restore();
  failing = undefined;
});

const small = (dataDir: string, ...more: string[]) => [
  'train', '--preset', 'seed-mlp', '--limit', '300', '--test-limit', '50', '--batch', '50', '--provider', 'js', '--data-dir', dataDir, ...more,
];
const runJsonOf = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8'));
const onlyRunDir = (dataDir: string) => join(dataDir, 'runs', readdirSync(join(dataDir, 'runs'))[0]!);

describe('train on a disk that fills up', () => {
  it('prints one line naming the checkpoint and the reason, exits 1, and the run reads failed', async () => {
    const dataDir = join(work, 'full');
    failing = failWrites('ENOSPC', (path) => path.includes('epoch-0001.ckpt'));
    const result = await cli(...small(dataDir, '--epochs', '3'));
    expect(result.code).toBe(1);
    const runDir = onlyRunDir(dataDir);
    expect(result.stderr).toBe(
      `backprop-lab train: Could not write ${join(runDir, 'checkpoints', 'epoch-0001.ckpt')}: no space left on the device (ENOSPC)\n`,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(runJsonOf(runDir)).toMatchObject({ status: 'failed', epochsDone: 0 });
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(false);
  });

  it('on a read-only data folder, says EROFS and the folder before any run exists', async () => {
    const dataDir = join(work, 'read-only');
    failing = failWrites('EROFS', (path) => path.startsWith(dataDir));
    const result = await cli(...small(dataDir, '--epochs', '1'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^backprop-lab train: Could not write ${dataDir}/runs/[\\w-]+/checkpoints: the file system is read-only \\(EROFS\\)\\n$`));
  });
});

describe('train at a learning rate that explodes', () => {
  it('--lr 1e6 ends the run diverged, with status 1 and no model', async () => {
    const dataDir = join(work, 'diverge');
    const result = await cli(...small(dataDir, '--epochs', '3', '--lr', '1e6', '--limit', '1000', '--json'));
    expect(result.code, result.stderr).toBe(1);
    const last = JSON.parse(result.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ event: 'done', reason: 'diverged', modelPath: null });
    const runDir = onlyRunDir(dataDir);
    expect(runJsonOf(runDir).status).toBe('diverged');
    expect(runJsonOf(runDir).error).toMatch(/^Training diverged at epoch \d+, iteration \d+: the loss was [\d.e+]+, above 10 × /);
    expect(existsSync(join(runDir, 'model.bplab'))).toBe(false);

    const again = await cli('train', '--resume', runDir);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `backprop-lab train: Run ${runJsonOf(runDir).id} diverged and is not resumed (it would repeat the same steps from its last checkpoint): ` +
        'start a new run, with a lower learning rate for instance\n',
    );
  });
});

describe('train --resume of a completed run', () => {
  it('is refused with the way on, and changes nothing', async () => {
    const dataDir = join(work, 'completed');
    expect((await cli(...small(dataDir, '--epochs', '1'))).code).toBe(0);
    const runDir = onlyRunDir(dataDir);
    const before = readFileSync(join(runDir, 'run.json'), 'utf8');
    const { id, modelId } = JSON.parse(before);
    const refused = await cli('train', '--resume', runDir, '--epochs', '2');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `backprop-lab train: Run ${id} has completed (1 of 1 epochs) and is not resumed: start a new run, or fine-tune from its model ${modelId}\n`,
    );
    expect(modelId).toBe(`user:${id}`);
    expect(readFileSync(join(runDir, 'run.json'), 'utf8')).toBe(before);
    expect(readdirSync(join(dataDir, 'models'))).toEqual([`${id}.bplab`]);
  });
});
