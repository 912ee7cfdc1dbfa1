/**
 * The one wording of a name the engine made (a run's default name, a fine-tuned model's), in the language
 * shown: the record's `nameParts` (core/run-name.ts) put in the words of `names.*`, each setting by the
 * course's term (轮数, 批大小, 学习率 …) and each layer field by the Train form's own label
 * (components/fieldLabels.ts); numbers and architectures stay as they are (`0.001`, `784-32-10`). A
 * choice (a layer type, an optimizer, an initialisation …) is shown as the language's `names.choices`
 * says: `spec`, a layer's or the optimizer's field and a choice by the spec's own name (English: units,
 * adam, he-normal, so that it reads as core's englishName, the name the engine stores and the CLI
 * prints), or `words`, by the form's words (神经元数, Adam, MSRA（He）正态).
 * A record without parts (a name the user typed or renamed, a run stored before parts existed) is shown
 * by its name as stored.
 */
import type { EngineNameParts, NameDifference, RunNameParts } from '@backprop-lab/core';
import { activeI18n } from './index.js';
import { fieldLabelKey } from '../components/fieldLabels.js';

export interface NamedRecord {
  name: string;
  nameParts?: EngineNameParts;
}

type Words = ReturnType<typeof activeI18n>;

/** `key`'s words when the language words fields and choices and has words for it, else the fallback (the spec's name). */
const wordOr = ({ t, te }: Words, key: string, fallback: string) => (t('names.choices') === 'words' && te(key) ? t(key) : fallback);

/** A spec value that names a choice (a layer type, an optimizer …) in the words of the form; any other as it is. */
function valueWords(words: Words, key: string, value: string): string {
  const places: Record<string, string> = {
    type: 'train.layer.types', activation: 'train.activation', init: 'train.init', loss: 'train.loss.types',
    optimizer: 'train.optimizer.types', schedule: 'names.schedules', preprocess: 'names.preprocesses',
  };
  const place = places[key];
  return place ? wordOr(words, `${place}.${value}`, value) : value;
}

/** The params of a message about a choice: its value, in the form's words where the language words choices. */
function choice(words: Words, key: string, value: string, more: Record<string, string | number> = {}) {
  return { ...more, value: valueWords(words, key, value) };
}

function differenceText(words: Words, difference: NameDifference): string {
  const { t } = words;
  switch (difference.kind) {
    case 'layer': {
      const layer = difference.layer;
      if (difference.key === 'type') return t('names.layerType', choice(words, 'type', difference.value ?? '', { layer }));
      const label = wordOr(words, fieldLabelKey('layer', difference.key), difference.key);
      if (difference.value === undefined) return t('names.layerField', { layer, key: difference.key, label, value: t('names.removed') });
      return t('names.layerField', choice(words, difference.key, difference.value, { layer, label }));
    }
    case 'architecture': return t('names.architecture', { value: difference.value });
    case 'loss': return t('names.loss', choice(words, 'loss', difference.value));
    case 'optimizer':
      return [t('names.optimizer', choice(words, 'optimizer', difference.value)), ...difference.settings.map((s) => optimizerSetting(words, s))].join(' ');
    case 'optimizer-setting': return optimizerSetting(words, difference);
    case 'setting': {
      const setting = t(`names.settings.${difference.key}`);
      if (difference.on === false) return t('names.switchedOff', { setting });
      if (difference.value === undefined) return t('names.switchedOn', { setting });
      if (difference.key === 'earlyStopping') return t('names.earlyStoppingOn', { setting, value: difference.value });
      return t('names.setting', choice(words, difference.key, difference.value, { setting }));
    }
  }
}

/** An optimizer's own setting: the learning rate by the course's term, the others by the form's label. */
function optimizerSetting(words: Words, { key, value }: { key: string; value: string }): string {
  const label = key === 'lr' ? words.t('names.learningRate') : wordOr(words, fieldLabelKey('optimizer', key), key);
  return words.t('names.optimizerSetting', { label, value });
}

function runText(words: Words, parts: RunNameParts): string {
  const { t } = words;
  if (parts.preset === undefined) {
    const architecture = parts.architecture ?? '';
    return parts.model === undefined ? t('names.custom', { architecture }) : t('names.model', { model: parts.model, architecture });
  }
  const pieces = [parts.preset, ...parts.differences.map((d) => differenceText(words, d))];
  if (parts.more > 0) pieces.push(t('names.more', { count: parts.more }));
  return pieces.join(t('names.separator'));
}

/** The name of a run or model as the user reads it, in the language shown (`words`: another i18n's, in tests). */
export function engineNameText(record: NamedRecord, words: Words = activeI18n()): string {
  const parts = record.nameParts;
  if (!parts) return record.name;
  if (parts.kind === 'run') return runText(words, parts);
  const base = parts.baseParts ? runText(words, parts.baseParts) : parts.base;
  return words.t(`names.fineTune.${parts.source}`, { base });
}
