/**
 * Fuzz of `train --spec FILE`: 300 edits of a spec file, each read as train reads it (readSpecFile,
 * then the checks every run passes before its folder exists). Each ends in specs that can train or
 * a SpecError or UsageError naming the file, field or layer, never a raw TypeError.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkTrainingSetup, getPreset, SpecError } from '@backprop-lab/core';
import { failuresOf, fuzz } from '../../tests/fuzz/fuzz.testing.js';
import { UsageError } from './args.js';
import { readSpecFile } from './specs.js';

const root = mkdtempSync(join(tmpdir(), 'spec-fuzz-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
/** The shape of MNIST's training set without its pixels: what the checks look at. */
const mnistShaped = { images: new Float32Array(4 * 784), count: 4, classes: 10 as const };

describe('fuzz: training spec files', () => {
  it('300 edited spec files end in specs that can train or an error naming what is wrong', async () => {
    const path = join(root, 'my-net.json');
    const { modelSpec, trainSpec } = getPreset('lenet5');
    const spec = { modelSpec, trainSpec };
    const report = await fuzz({
      name: 'train --spec', seeds: [new TextEncoder().encode(JSON.stringify(spec, null, 2))], json: spec,
      read: (bytes) => {
        writeFileSync(path, bytes);
        const resolved = readSpecFile(path);
        checkTrainingSetup(resolved.modelSpec, resolved.trainSpec, mnistShaped);
      },
      isOwnError: (error) => error instanceof SpecError || error instanceof UsageError,
    });
    expect(failuresOf(report)).toEqual([]);
  });
});
