/**
 * The name-drift test (STYLE 13): every name and key the engine accepts is also accepted by the
 * contract, offered by the CLI's help and by the renderer's editors. "What the engine accepts" is asked
 * of the engine itself (it builds the layer, the optimizer, the schedule, the loss), not read from the
 * lists, so a list that lost a name, or an engine table that gained one, fails here. The renderer's
 * editors have their own half, names-editors.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  activationNames, activations, createLoss, createOptimizer, createSchedule, detectProviders, initNames, initialise,
  layerFields as coreLayerFields, layerOutputShape, layerTypes, lossNames, optimizerFields, optimizerNames, presetNames,
  providerChoices, providerNames, scheduleFields, scheduleTypes, type LayerSpec, type OptimizerSpec,
  type ScheduleSpec, Rng,
} from '@backprop-lab/core';
import { layerSpec, lossName, optimizerSpec, providerChoice, scheduleSpec, activationName, initName } from '../contract/index.js';
import { commandUsage } from '../main/cli/usage.js';
import { withEveryKey } from './every-key.js';

/** An input shape each layer type can take: images for the 2-D layers, [C, L] for conv1d, vectors else. */
function inputFor(type: string): number[] {
  if (type === 'conv2d' || type === 'maxpool2d' || type === 'avgpool2d' || type === 'globalavgpool') return [2, 8, 8];
  if (type === 'conv1d') return [2, 8];
  return [6];
}

describe('every name the engine accepts is in the contract', () => {
  it('activations, losses and initialisations: the engine implements each, the contract takes each', () => {
    expect(Object.keys(activations).sort()).toEqual([...activationNames].sort());
    for (const name of activationNames) expect(activationName.safeParse(name).success, name).toBe(true);
    for (const name of lossNames) {
      expect(createLoss(name).name).toBe(name);
      expect(lossName.safeParse(name).success, name).toBe(true);
    }
    for (const name of initNames) {
      expect(() => initialise(name, [3, 2], { fanIn: 3, fanOut: 2 }, new Rng(1), 'float64')).not.toThrow();
      expect(initName.safeParse(name).success, name).toBe(true);
    }
    expect(activationName.safeParse('swish').success).toBe(false);
  });

  it('every layer type with every key: the engine builds its shape and the contract accepts the same spec', () => {
    for (const type of layerTypes) {
      const spec = withEveryKey(type, coreLayerFields[type]) as unknown as LayerSpec;
      if (type === 'activation') (spec as { fn: string }).fn = 'relu';
      expect(() => layerOutputShape(spec, inputFor(type)), type).not.toThrow();
      const parsed = layerSpec.safeParse(spec);
      expect(parsed.success, `${type}: ${parsed.error?.message}`).toBe(true);
      expect(parsed.data).toEqual(spec);
      expect(layerSpec.safeParse({ ...spec, strides: 2 }).success, `${type} with a misspelt key`).toBe(false);
    }
  });

  it('every optimizer with every key: the engine builds it and the contract accepts it', () => {
    for (const type of optimizerNames) {
      const spec = withEveryKey(type, optimizerFields[type]) as unknown as OptimizerSpec;
      expect(createOptimizer(spec).learningRate).toBeGreaterThan(0);
      expect(optimizerSpec.safeParse(spec).success, type).toBe(true);
      // The contract refuses what the engine refuses, with the engine's words.
      if ('lr' in optimizerFields[type]) {
        const bad = { ...spec, lr: -1 } as OptimizerSpec;
        expect(() => createOptimizer(bad)).toThrow('lr (the learning rate) must be a positive number, got -1');
        expect(optimizerSpec.safeParse(bad).error?.message).toContain('lr (the learning rate) must be a positive number, got -1');
      }
    }
  });

  it('every schedule with every key: the engine builds it and the contract accepts it', () => {
    for (const type of scheduleTypes) {
      const spec = withEveryKey(type, scheduleFields[type]) as unknown as ScheduleSpec;
      expect(createSchedule(spec, 0.1)(0)).toBeGreaterThan(0);
      expect(scheduleSpec.safeParse(spec).success, type).toBe(true);
    }
  });

  it('every provider the engine detects can be chosen through the contract', async () => {
    const detected = (await detectProviders()).map((status) => status.name);
    expect([...detected].sort()).toEqual([...providerNames].sort());
    for (const name of ['auto', ...detected]) expect(providerChoice.safeParse(name).success, name).toBe(true);
  });
});

describe('every name is offered by the CLI', () => {
  it("train's help lists every preset, optimizer and provider", () => {
    for (const name of [...presetNames, ...optimizerNames, ...providerChoices]) {
      expect(commandUsage.train, name).toMatch(new RegExp(`[ ,]${name}(,| or|\\n|$)`));
    }
  });
});

