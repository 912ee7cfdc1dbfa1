/**
 * Which network `train` and `gradcheck` work on: a preset by name, or a JSON spec file holding
 * { "modelSpec": …, "trainSpec"?: … } (a bare ModelSpec also works); then the command-line overrides
 * (epochs, batch, learning rate, optimizer, provider, seed) on top of its TrainSpec.
 */
import { readFileSync } from 'node:fs';
import { parseBoundedJson, SpecError } from '@backprop-lab/core';
import { OPTIMIZER_DEFAULTS } from '@backprop-lab/core';
import { getPreset, presetNames, presets } from '@backprop-lab/core';
import type { ModelSpec, OptimizerName, OptimizerSpec, ProviderChoice, TrainSpec } from '@backprop-lab/core';
import { UsageError } from './args.js';

export { optimizerNames, providerChoices, type ProviderChoice } from '@backprop-lab/core';

/** Every field of core/spec.ts's TrainSpec; a spec file's trainSpec may give any of them, and nothing else. */
export const trainSpecKeys: readonly (keyof TrainSpec)[] = [
  'optimizer', 'schedule', 'init', 'regularisation', 'batchSize', 'epochs', 'seed', 'validationSplit', 'preprocess',
  'augment', 'earlyStopping', 'provider',
];

export interface ResolvedSpecs {
  /** The preset's name, or the spec file's path. */
  source: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
}

export function resolveSpecs(preset: string | undefined, specFile: string | undefined): ResolvedSpecs {
  if ((preset === undefined) === (specFile === undefined)) throw new UsageError('give exactly one of --preset NAME and --spec FILE');
  if (preset !== undefined) {
    if (!(presetNames as readonly string[]).includes(preset)) {
      throw new UsageError(`--preset must be one of ${presetNames.join(', ')}; got "${preset}"`);
    }
    const { modelSpec, trainSpec } = getPreset(preset);
    return { source: preset, modelSpec, trainSpec };
  }
  return readSpecFile(specFile!);
}

export function readSpecFile(path: string): ResolvedSpecs {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecError(`${path}: ${(error as Error).message}`);
  }
  // Bounded like every JSON read from outside: a spec nested thousands deep would overflow the stack of
  // every walk over it after parsing (core/io/json-bounds.ts).
  const parsed = parseBoundedJson(text, (reason) => {
    throw new SpecError(`${path}: ${reason}`);
  });
  if (typeof parsed !== 'object' || parsed === null) throw new SpecError(`${path}: expected a JSON object with "modelSpec"`);
  const record = parsed as Record<string, unknown>;
  const modelSpec = (record.modelSpec ?? (Array.isArray(record.layers) ? record : undefined)) as ModelSpec | undefined;
  if (!modelSpec || !Array.isArray(modelSpec.layers) || !Array.isArray(modelSpec.inputShape)) {
    throw new SpecError(`${path}: "modelSpec" with "inputShape" and "layers" is missing`);
  }
  const given = record.trainSpec ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw new SpecError(`${path}: "trainSpec" must be an object`);
  for (const key of Object.keys(given)) {
    if (!(trainSpecKeys as readonly string[]).includes(key)) {
      throw new SpecError(`${path}: unknown trainSpec key "${key}" (allowed: ${trainSpecKeys.join(', ')})`);
    }
  }
  const trainSpec = { ...structuredClone(presets['seed-mlp'].trainSpec), ...(given as Partial<TrainSpec>) };
  return { source: path, modelSpec, trainSpec };
}

export interface TrainOverrides {
  epochs?: number;
  batch?: number;
  lr?: number;
  optimizer?: OptimizerName;
  provider?: ProviderChoice;
  seed?: number;
}

/** The TrainSpec with the overrides applied; a new optimizer keeps the learning rate unless --lr says otherwise. */
export function applyOverrides(trainSpec: TrainSpec, overrides: TrainOverrides): TrainSpec {
  const spec = structuredClone(trainSpec);
  if (overrides.epochs !== undefined) spec.epochs = overrides.epochs;
  if (overrides.batch !== undefined) spec.batchSize = overrides.batch;
  if (overrides.seed !== undefined) spec.seed = overrides.seed;
  if (overrides.provider !== undefined) spec.provider = overrides.provider as TrainSpec['provider'];
  if (overrides.optimizer !== undefined && overrides.optimizer !== spec.optimizer.type) {
    const fallback = OPTIMIZER_DEFAULTS[overrides.optimizer].lr;
    const lr = ('lr' in spec.optimizer ? spec.optimizer.lr : undefined) ?? (typeof fallback === 'number' ? fallback : 0.01);
    spec.optimizer = (overrides.optimizer === 'adadelta' ? { type: 'adadelta' } : { type: overrides.optimizer, lr }) as OptimizerSpec;
  }
  if (overrides.lr !== undefined) {
    if (spec.optimizer.type === 'adadelta') throw new UsageError('--lr does not apply to adadelta, which has no learning rate');
    spec.optimizer = { ...spec.optimizer, lr: overrides.lr } as OptimizerSpec;
  }
  return spec;
}
