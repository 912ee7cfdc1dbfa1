/**
 * A run's settings as the detail page lists them, grouped like the Train form (the same section and
 * field words, `train.*`): data, preprocessing, augmentation, architecture, loss, optimizer, schedule,
 * regularisation, early stopping, iteration, then where its weights started and what took its steps.
 * A value is a list of parts, each a word to translate (`key`), a labelled value (`label` + `value`) or a
 * bare value; numbers stay numbers so the page formats them in the language shown.
 */
import type { RunDetail } from '../../../contract/index.js';
import type { LayerSpec } from '@backprop-lab/core';
import { fieldLabelKey } from '../../components/fieldLabels.js';

export interface Part {
  /** An i18n key whose words are the value (a choice: `train.init.he-normal`). */
  key?: string;
  /** An i18n key naming the value that follows. */
  label?: string;
  value?: number | string;
}
export interface SpecRow {
  /** i18n key of the row's name. */
  label: string;
  labelParams?: Record<string, unknown>;
  parts: Part[];
}
export interface SpecGroup {
  /** `train.section.<name>.title` names the group; `runs.detail.start` and `runs.detail.executor` the last two. */
  name: string;
  title: string;
  rows: SpecRow[];
}

const section = (name: string, rows: SpecRow[]): SpecGroup => ({ name, title: `train.section.${name}.title`, rows });
const row = (label: string, ...parts: Part[]): SpecRow => ({ label, parts });
const off: Part = { key: 'train.off' };

/** Words for a layer field's value: choices are translated, numbers and shapes shown as they are. */
function layerPart(key: string, value: unknown): Part {
  const label = fieldLabelKey('layer', key);
  if (key === 'activation' || key === 'fn') return { label, key: `train.activation.${String(value)}` };
  if (key === 'init') return { label, key: `train.init.${String(value)}` };
  if (key === 'mode') return { label, key: `train.layer.choice.${String(value)}` };
  if (Array.isArray(value)) return { label, value: value.join('×') };
  return { label, value: value as number | string };
}

function layerParts(layer: LayerSpec): Part[] {
  const { type, ...fields } = layer as LayerSpec & Record<string, unknown>;
  return [{ key: `train.layer.types.${type}` }, ...Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => layerPart(k, v))];
}

function preprocessPart(spec: RunDetail['trainSpec']['preprocess']): Part[] {
  if (spec.type === 'minmax') return [{ key: `train.preprocess.types.${spec.range[0] === -1 ? 'minmax-11' : 'minmax-01'}` }];
  const parts: Part[] = [{ key: `train.preprocess.types.${spec.type}` }];
  const epsilon = (spec as { epsilon?: number }).epsilon;
  if (epsilon !== undefined) parts.push({ label: 'train.preprocess.epsilon', value: epsilon });
  return parts;
}

/** One row per field besides the type: numbers as they are, choices in words (`wordsOf`). */
function fieldRows(record: Record<string, unknown>, labelOf: (key: string) => string, wordsOf: (key: string, value: unknown) => string): SpecRow[] {
  return Object.entries(record)
    .filter(([key, value]) => key !== 'type' && value !== undefined)
    .map(([key, value]) => row(labelOf(key), typeof value === 'number' ? { value } : { key: wordsOf(key, value) }));
}

export function runSpecGroups(run: RunDetail): SpecGroup[] {
  const { trainSpec: train, modelSpec: model } = run;
  const { dataset, start } = run;
  const optimizer = train.optimizer as unknown as Record<string, unknown>;
  const schedule = train.schedule as unknown as Record<string, unknown> | undefined;

  return [
    section('data', [
      row('train.data.dataset', dataset.source === 'user' ? { value: dataset.name }
        : dataset.source === 'experiment' ? { value: `${dataset.experiment} · ${dataset.network}` }
        : dataset.source === 'handwriting' ? { key: 'runs.detail.handwriting' } : { key: 'runs.detail.mnist' }),
      row('train.data.subset', dataset.source === 'experiment' ? { value: dataset.trainCount }
        : 'trainLimit' in dataset && dataset.trainLimit !== undefined ? { value: dataset.trainLimit } : { key: 'runs.detail.all' }),
      ...(dataset.source === 'mnist' && dataset.testLimit !== undefined ? [row('runs.detail.testSubset', { value: dataset.testLimit })] : []),
      row('train.data.validationSplit', { value: train.validationSplit }),
    ]),
    section('preprocessing', [row('train.preprocess.type', ...preprocessPart(train.preprocess))]),
    section('augmentation', train.augment && Object.keys(train.augment).length > 0
      ? Object.entries(train.augment).map(([key, value]) => row(`train.augment.${key}`, { value: value as number }))
      : [row('runs.detail.augmentation', off)]),
    section('architecture', [
      row('runs.detail.input', { value: model.inputShape.join('×') }),
      ...model.layers.map((layer, index) => ({ label: 'runs.detail.layer', labelParams: { index }, parts: layerParts(layer) })),
      row('train.architecture.init', { key: `train.init.${train.init}` }),
    ]),
    section('loss', [row('train.loss.type', { key: `train.loss.types.${model.loss}` })]),
    section('optimizer', [
      row('train.optimizer.type', { key: `train.optimizer.types.${train.optimizer.type}` }),
      ...fieldRows(optimizer, (key) => fieldLabelKey('optimizer', key),
        (key, value) => (key === 'epsilonInsideRoot' ? `train.optimizer.${key}.${String(value)}.${train.optimizer.type}` : `train.optimizer.${key}.${String(value)}`)),
    ]),
    section('schedule', [
      row('train.schedule.type', { key: `train.schedule.types.${schedule?.type ?? 'constant'}` }),
      ...(schedule ? fieldRows(schedule, (key) => fieldLabelKey('schedule', key), (_key, value) => `train.schedule.units.${String(value)}`) : []),
    ]),
    section('regularisation', [
      row('train.regularisation.l1', train.regularisation?.l1 ? { value: train.regularisation.l1 } : off),
      row('train.regularisation.l2', train.regularisation?.l2 ? { value: train.regularisation.l2 } : off),
    ]),
    section('earlyStopping', train.earlyStopping
      ? [row('train.earlyStopping.patience', { value: train.earlyStopping.patience }), row('train.earlyStopping.minDelta', { value: train.earlyStopping.minDelta ?? 0 })]
      : [row('train.earlyStopping.patience', off)]),
    section('iteration', [
      row('train.iteration.epochs', { value: train.epochs }),
      row('train.iteration.batchSize', { value: train.batchSize }),
      row('train.iteration.seed', { value: train.seed }),
      row('train.iteration.provider', train.provider === 'auto' ? { key: 'train.provider.auto' } : { value: train.provider }),
    ]),
    { name: 'start', title: 'runs.detail.start', rows: [
      start.from === 'fresh' ? row('runs.detail.startFrom', { key: 'runs.detail.fresh' })
        : start.from === 'model' ? row('runs.detail.startFrom', { key: 'runs.detail.fromModel' }, { value: start.modelId })
        : row('runs.detail.startFrom', { key: 'runs.detail.fromCheckpoint' }, { value: start.runId }),
    ] },
    { name: 'executor', title: 'runs.detail.executor', rows: [row('runs.detail.threads', { value: run.executor.threads })] },
  ];
}
