/**
 * The names the engine makes, kept as data: a run's default name says what sets it apart from the preset
 * it started from (so that ten edited seed-mlp runs do not read alike), and a fine-tuned model is named
 * by the model it started from and what it was tuned on. The parts are stored beside the name (run.json's
 * `nameParts`, a model file's `provenance.nameParts`) so that each language words them its own way (the
 * app: renderer/i18n/engineName.ts); `englishName` is their one English wording, the stored `name` and
 * what the CLI prints: "seed-mlp · adam lr=0.001 · epochs=3 · L0 units=32", "custom 784-32-10",
 * "seed-mlp · handwriting". Values stay as they are in every language (numbers, `784-32-10`, `he-normal`).
 * At most MAX_DIFFERENCES differences are named, then "+N".
 */
import type { LayerSpec, ModelSpec, TrainSpec } from './spec.js';

export const MAX_DIFFERENCES = 4;

/** The TrainSpec settings a run name can name (besides the optimizer and the layers). */
export const NAMED_TRAIN_SETTINGS = [
  'epochs', 'batchSize', 'init', 'seed', 'validationSplit', 'schedule', 'preprocess', 'l1', 'l2', 'augment', 'earlyStopping',
] as const;

/**
 * One way a run differs from its preset.
 * - `layer`: field `key` of layer `layer` (0-based) is now `value` (`key` 'type': the layer is another
 *   kind; no `value`: the field was removed).
 * - `architecture`: another number of layers, `value` the whole architecture (`784-32-10`).
 * - `loss`: another loss function.
 * - `optimizer`: another optimizer, `value` its type, `settings` its own fields (`lr` …).
 * - `optimizer-setting`: field `key` of the same optimizer is now `value`.
 * - `setting`: TrainSpec setting `key` is now `value`; for `augment` and `earlyStopping`, no `value` means
 *   switched off (`earlyStopping`'s value is its patience; `augment`'s is absent when on, too: `on` says).
 */
export type NameDifference =
  | { kind: 'layer'; layer: number; key: string; value?: string }
  | { kind: 'architecture'; value: string }
  | { kind: 'loss'; value: string }
  | { kind: 'optimizer'; value: string; settings: { key: string; value: string }[] }
  | { kind: 'optimizer-setting'; key: string; value: string }
  | { kind: 'setting'; key: (typeof NAMED_TRAIN_SETTINGS)[number]; value?: string; on?: boolean };

/** A run's default name: its preset and what differs, or (without a preset) its model's name and architecture. */
export interface RunNameParts {
  kind: 'run';
  preset?: string;
  /** Without a preset: the model spec's own name (absent: a custom network). */
  model?: string;
  /** Without a preset: the architecture (`784-32-10`). */
  architecture?: string;
  differences: NameDifference[];
  /** How many differences there are beyond those named. */
  more: number;
}

/** A fine-tuned model's (and its run's) name: the model it started from, tuned on the user's handwriting. */
export interface FineTuneNameParts {
  kind: 'fine-tune';
  /** The starting model's name as stored. */
  base: string;
  /** The starting model's own parts, when the engine named it too. */
  baseParts?: RunNameParts;
  source: 'handwriting';
}

export type EngineNameParts = RunNameParts | FineTuneNameParts;

type Fields = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const text = (value: unknown) => (Array.isArray(value) ? value.join('×') : String(value));

/** `784-32-10`: the input size and every weighted layer's width. */
export function architectureOf(spec: ModelSpec): string {
  const widths = spec.layers.flatMap((layer) => {
    const fields = layer as unknown as Fields;
    if (layer.type === 'dense') return [String(fields.units)];
    if (layer.type === 'conv1d' || layer.type === 'conv2d') return [`c${String(fields.filters)}`];
    return [];
  });
  return [spec.inputShape.join('×'), ...widths].join('-');
}

function layerDifferences(base: LayerSpec[], next: LayerSpec[]): NameDifference[] {
  return next.flatMap((layer, index): NameDifference[] => {
    const before = base[index]! as unknown as Fields;
    const after = layer as unknown as Fields;
    if (before.type !== after.type) return [{ kind: 'layer', layer: index, key: 'type', value: String(after.type) }];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key !== 'type');
    return keys
      .filter((key) => !same(before[key], after[key]))
      .map((key) => ({ kind: 'layer', layer: index, key, ...(after[key] === undefined ? {} : { value: text(after[key]) }) }));
  });
}

function optimizerDifferences(base: TrainSpec['optimizer'], next: TrainSpec['optimizer']): NameDifference[] {
  const before = base as unknown as Fields;
  const after = next as unknown as Fields;
  const keys = Object.keys(after).filter((key) => key !== 'type' && (before.type !== after.type || !same(before[key], after[key])));
  const settings = keys.map((key) => ({ key, value: text(after[key]) }));
  if (before.type !== after.type) return [{ kind: 'optimizer', value: String(after.type), settings }];
  return settings.map((setting) => ({ kind: 'optimizer-setting', ...setting }));
}

function trainDifferences(base: TrainSpec, next: TrainSpec): NameDifference[] {
  const found = optimizerDifferences(base.optimizer, next.optimizer);
  const setting = (key: (typeof NAMED_TRAIN_SETTINGS)[number], value?: unknown, on?: boolean) =>
    found.push({ kind: 'setting', key, ...(value === undefined ? {} : { value: text(value) }), ...(on === undefined ? {} : { on }) });
  for (const key of ['epochs', 'batchSize', 'init', 'seed', 'validationSplit'] as const) if (!same(base[key], next[key])) setting(key, next[key]);
  if (!same(base.schedule ?? { type: 'constant' }, next.schedule ?? { type: 'constant' })) setting('schedule', next.schedule?.type ?? 'constant');
  if (!same(base.preprocess, next.preprocess)) setting('preprocess', next.preprocess.type);
  for (const penalty of ['l1', 'l2'] as const) {
    if (!same(base.regularisation?.[penalty], next.regularisation?.[penalty])) setting(penalty, next.regularisation?.[penalty] ?? 0);
  }
  if (!same(base.augment, next.augment)) setting('augment', undefined, Boolean(next.augment));
  if (!same(base.earlyStopping, next.earlyStopping)) setting('earlyStopping', next.earlyStopping?.patience, Boolean(next.earlyStopping));
  return found;
}

/** The parts of the default name of a run of `modelSpec` + `trainSpec`, started from `preset` or from nothing. */
export function runNameParts(
  preset: { name: string; modelSpec: ModelSpec; trainSpec: TrainSpec } | undefined,
  modelSpec: ModelSpec,
  trainSpec: TrainSpec,
): RunNameParts {
  if (!preset) {
    return { kind: 'run', ...(modelSpec.name === undefined ? {} : { model: modelSpec.name }), architecture: architectureOf(modelSpec), differences: [], more: 0 };
  }
  const differences: NameDifference[] = [
    ...(preset.modelSpec.layers.length === modelSpec.layers.length
      ? layerDifferences(preset.modelSpec.layers, modelSpec.layers)
      : [{ kind: 'architecture' as const, value: architectureOf(modelSpec) }]),
    ...(preset.modelSpec.loss === modelSpec.loss ? [] : [{ kind: 'loss' as const, value: modelSpec.loss }]),
    ...trainDifferences(preset.trainSpec, trainSpec),
  ];
  return { kind: 'run', preset: preset.name, differences: differences.slice(0, MAX_DIFFERENCES), more: Math.max(0, differences.length - MAX_DIFFERENCES) };
}

/** The parts of the name of a model fine-tuned on the user's handwriting from the model `base`. */
export function fineTuneNameParts(base: { name: string; nameParts?: EngineNameParts }): FineTuneNameParts {
  const baseParts = base.nameParts?.kind === 'run' ? base.nameParts : undefined;
  return { kind: 'fine-tune', base: base.name, ...(baseParts ? { baseParts } : {}), source: 'handwriting' };
}

/** Short English words of the TrainSpec settings, as a name shows them. */
const englishSettings: Record<(typeof NAMED_TRAIN_SETTINGS)[number], string> = {
  epochs: 'epochs', batchSize: 'batch', init: 'init', seed: 'seed', validationSplit: 'val', schedule: 'schedule',
  preprocess: 'preprocess', l1: 'l1', l2: 'l2', augment: 'augment', earlyStopping: 'early-stop',
};

function englishDifference(difference: NameDifference): string {
  switch (difference.kind) {
    case 'layer':
      return difference.key === 'type' ? `L${difference.layer}=${difference.value}` : `L${difference.layer} ${difference.key}=${difference.value ?? '–'}`;
    case 'architecture': return difference.value;
    case 'loss': return `loss=${difference.value}`;
    case 'optimizer': return [difference.value, ...difference.settings.map(({ key, value }) => `${key}=${value}`)].join(' ');
    case 'optimizer-setting': return `${difference.key}=${difference.value}`;
    case 'setting': {
      const word = englishSettings[difference.key];
      if (difference.on === false) return `no ${word}`;
      return difference.value === undefined ? word : `${word}=${difference.value}`;
    }
  }
}

/** The English words of an engine-made name: the `name` the engine stores with the parts, and the CLI's. */
export function englishName(parts: EngineNameParts): string {
  if (parts.kind === 'fine-tune') return `${parts.base} · handwriting`;
  if (parts.preset === undefined) return `${parts.model ?? 'custom'} ${parts.architecture ?? ''}`.trim();
  return [parts.preset, ...parts.differences.map(englishDifference), ...(parts.more > 0 ? [`+${parts.more}`] : [])].join(' · ');
}

/** The default name of a run, in English (runNameParts worded by englishName). */
export function defaultRunName(
  preset: { name: string; modelSpec: ModelSpec; trainSpec: TrainSpec } | undefined,
  modelSpec: ModelSpec,
  trainSpec: TrainSpec,
): string {
  return englishName(runNameParts(preset, modelSpec, trainSpec));
}
