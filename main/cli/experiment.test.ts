/** `backprop-lab experiment`: flags derived from the registry, values checked there, text and JSON out. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.testing.js';

describe('experiment command', () => {
  it('lists every experiment and its parameters with the course’s settings in --help', async () => {
    const { code, stdout } = await cli('experiment', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('optimizer-race  (§10.4)');
    expect(stdout).toContain('--lr-sgd 0.95');
    expect(stdout).toContain('--input [[2,-1,0,-2],[0,2,0,3],[-2,0,5,1],[4,-3,2,0]]');
  });

  it('convolution --json with a matrix flag: a 3×3 all-ones kernel sums each window of the input', async () => {
    const { code, stdout } = await cli('experiment', 'convolution', '--input', '[[1,2,3],[4,5,6],[7,8,9]]', '--kernel', '[[1,1],[1,1]]', '--json');
    expect(code).toBe(0);
    const outcome = JSON.parse(stdout);
    // 1+2+4+5, 2+3+5+6, 4+5+7+8, 5+6+8+9.
    expect(outcome.result.detail.output).toEqual([[12, 16], [24, 28]]);
    expect(outcome.params.stride).toBe(1);
  });

  it('the race with its text table, and a learning-rate flag that changes the SGD row', async () => {
    const { code, stdout } = await cli('experiment', 'optimizer-race', '--lr-sgd', '0.5', '--iterations', '1');
    expect(code).toBe(0);
    // One SGD step at η = 0.5 from (−7, 2): x = −7 − 0.5·(−7/5) = −6.3, y = 2 − 0.5·4 = 0.
    expect(stdout).toMatch(/SGD\t0\.50*\t-6\.30*\t0\t3\.9690/); // z = 6.3²/10
  });

  it('gradient-check of a network from a spec file: a planted missing 1/m is found in that layer’s weights alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bplab-gradcheck-'));
    try {
      const file = join(dir, 'net.json');
      const modelSpec = { inputShape: [5], loss: 'softmax-cross-entropy', layers: [{ type: 'dense', units: 4, activation: 'sigmoid' }, { type: 'dense', units: 3 }] };
      await writeFile(file, JSON.stringify({ modelSpec }));
      const { code, stdout } = await cli('experiment', 'gradient-check', '--network', 'custom', '--model', file, '--bug', 'missing-mean', '--bug-layer', '0', '--samples', '2', '--json');
      expect(code).toBe(0);
      const outcome = JSON.parse(stdout);
      expect(outcome.params.model).toEqual(modelSpec);
      expect(outcome.result.values.wrongTensors).toBe('layers.0.weight');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown experiment, an unknown flag and a bad value with the usage and status 2', async () => {
    const unknown = await cli('experiment', 'xyz');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown experiment "xyz"; the experiments are xor, /);
    const flag = await cli('experiment', 'xor', '--epochs', '3');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--epochs'/);
    const value = await cli('experiment', 'xor', '--iterations', '5');
    expect(value.code).toBe(2);
    expect(value.stderr).toContain('experiment xor: iterations must be ≥ 10, got 5');
    const bool = await cli('experiment', 'schedules', '--compare', 'yes');
    expect(bool.stderr).toContain('--compare must be true or false, got "yes"');
  });

  it('a flag put before the experiment\'s name is refused naming that flag (its flags are the experiment\'s own)', async () => {
    const early = await cli('experiment', '--frobnicate=1', 'xor');
    expect(early.code).toBe(2);
    expect(early.stderr.split('\n')[0]).toBe('backprop-lab experiment: --frobnicate: name the experiment first, then its flags (experiment NAME [--PARAM VALUE ...])');
  });
});
