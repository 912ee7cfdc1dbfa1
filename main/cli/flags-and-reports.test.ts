/**
 * The CLI defects of the Train/Runs issue (item 13): a negative number after a flag, gradcheck's full
 * help, predict going on past an unreadable image, and the training line naming the split.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from './run-cli.testing.js';
import { numberFlag, parseFlags } from './args.js';
import { loadMnistPart } from './data.js';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'backprop-lab-cli13-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('flags', () => {
  it('--lr -1 is read as the number -1 (not "argument is ambiguous"), and then refused as ≤ 0', async () => {
    const args = parseFlags(['--lr', '-1', '--seed', '-0.5'], { lr: 'string', seed: 'string' });
    expect(args.values).toEqual({ lr: '-1', seed: '-0.5' });
    const result = await cli('train', '--preset', 'seed-mlp', '--lr', '-1');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--lr must be > 0, got -1');
    expect(result.stderr).not.toMatch(/ambiguous/);
    // A flag after a string flag is still a flag.
    expect(() => numberFlag(parseFlags(['--lr', '--json'], { lr: 'string', json: 'boolean' }), 'lr')).toThrow();
  });

  it('gradcheck --help lists every flag it takes', async () => {
    const help = await cli('gradcheck', '--help');
    for (const flag of ['--preset', '--spec', '--samples', '--entries', '--seed', '--tolerance', '--json']) expect(help.stdout).toContain(flag);
  });
});

describe('predict and train reports', () => {
  it('predict a.png b.png goes on past a missing or broken file, names it, and exits 1', async () => {
    const test = await loadMnistPart('test', 1);
    const png = new PNG({ width: 28, height: 28 });
    for (let i = 0; i < 784; i++) {
      const ink = Math.round(255 * (1 - test.images[i]!));
      png.data.set([ink, ink, ink, 255], i * 4);
    }
    const good = join(work, 'seven.png');
    const broken = join(work, 'broken.png');
    writeFileSync(good, PNG.sync.write(png));
    writeFileSync(broken, 'not a png');
    const missing = join(work, 'absent.png');
    const model = join(root, 'resources/models/seed-mlp.bplab');
    const result = await cli('predict', '--model', model, missing, broken, good);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`cannot read image ${missing}: no such file`);
    expect(result.stderr).toMatch(/broken\.png/);
    // MNIST's test image 0 is a 7.
    expect(result.stdout).toMatch(/seven\.png: 7 \(/);
    const json = (await cli('predict', '--model', model, '--json', missing, good)).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json[0]).toEqual({ image: missing, class: null, error: `cannot read image ${missing}: no such file` });
    expect(json[1]).toMatchObject({ image: good, class: 7 });
  });

  it('train says how many images train and how many are held out', async () => {
    // seed-mlp holds out 5000/60000: round(600 / 12) = 50 of 600.
    const result = await cli('train', '--preset', 'seed-mlp', '--epochs', '1', '--limit', '600', '--test-limit', '50', '--provider', 'js', '--data-dir', join(work, 'data'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).toContain('training seed-mlp on 550 images (50 held out for validation) with the js kernels');
  });
});
