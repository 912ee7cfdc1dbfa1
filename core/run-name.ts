/**
 * A run's default name says what sets it apart from the preset it started from, so that ten edited
 * seed-mlp runs do not read alike: "seed-mlp · adam lr=0.001 · epochs=3 · L0 units=32". Without a preset
 * it names the architecture ("custom 784-32-10"). Language-neutral on purpose: a name is data, shown in
 * every language the same. At most MAX_DIFFERENCES differences are named, then "+N".
 */
import type { LayerSpec, ModelSpec, TrainSpec } from './spec.js';

export const MAX_DIFFERENCES = 4;

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

function layerDifferences(base: LayerSpec[], next: LayerSpec[]): string[] {
  return next.flatMap((layer, index) => {
    const before = base[index]! as unknown as Fields;
    const after = layer as unknown as Fields;
    if (before.type !== after.type) return [`L${index}=${String(after.type)}`];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => key !== 'type');
    return keys.filter((key) => !same(before[key], after[key])).map((key) => `L${index} ${key}=${after[key] === undefined ? '–' : text(after[key])}`);
  });
}

function optimizerDifferences(base: TrainSpec['optimizer'], next: TrainSpec['optimizer']): string[] {
  const before = base as unknown as Fields;
  const after = next as unknown as Fields;
  const keys = Object.keys(after).filter((key) => key !== 'type' && (before.type !== after.type || !same(before[key], after[key])));
  const values = keys.map((key) => `${key}=${text(after[key])}`);
  if (before.type !== after.type) return [[String(after.type), ...values].join(' ')];
  return values;
}

const trainKeys: Array<[keyof TrainSpec, string]> = [
  ['epochs', 'epochs'], ['batchSize', 'batch'], ['init', 'init'], ['seed', 'seed'], ['validationSplit', 'val'],
];

function trainDifferences(base: TrainSpec, next: TrainSpec): string[] {
  const found = optimizerDifferences(base.optimizer, next.optimizer);
  for (const [key, short] of trainKeys) if (!same(base[key], next[key])) found.push(`${short}=${text(next[key])}`);
  if (!same(base.schedule ?? { type: 'constant' }, next.schedule ?? { type: 'constant' })) found.push(`schedule=${next.schedule?.type ?? 'constant'}`);
  if (!same(base.preprocess, next.preprocess)) found.push(`preprocess=${next.preprocess.type}`);
  for (const penalty of ['l1', 'l2'] as const) {
    if (!same(base.regularisation?.[penalty], next.regularisation?.[penalty])) found.push(`${penalty}=${next.regularisation?.[penalty] ?? 0}`);
  }
  if (!same(base.augment, next.augment)) found.push(next.augment ? 'augment' : 'no augment');
  if (!same(base.earlyStopping, next.earlyStopping)) found.push(next.earlyStopping ? `early-stop=${next.earlyStopping.patience}` : 'no early-stop');
  return found;
}

/**
 * The default name of a run of `modelSpec` + `trainSpec`, started from `preset` (its name and specs)
 * or from nothing.
 */
export function defaultRunName(
  preset: { name: string; modelSpec: ModelSpec; trainSpec: TrainSpec } | undefined,
  modelSpec: ModelSpec,
  trainSpec: TrainSpec,
): string {
  if (!preset) return `${modelSpec.name ?? 'custom'} ${architectureOf(modelSpec)}`;
  const differences = [
    ...(preset.modelSpec.layers.length === modelSpec.layers.length
      ? layerDifferences(preset.modelSpec.layers, modelSpec.layers)
      : [architectureOf(modelSpec)]),
    ...(preset.modelSpec.loss === modelSpec.loss ? [] : [`loss=${modelSpec.loss}`]),
    ...trainDifferences(preset.trainSpec, trainSpec),
  ];
  const named = differences.slice(0, MAX_DIFFERENCES);
  const more = differences.length - named.length;
  return [preset.name, ...named, ...(more > 0 ? [`+${more}`] : [])].join(' · ');
}
