/**
 * No English left in the Chinese experiment pages where the engine hands over a name: every choice of
 * every experiment's parameters is worded in zh-CN (the presets' own names, which are the models'
 * names everywhere in the app, and tanh, which the course writes as it is, excepted), and the initialisations and activations read as the Train
 * view words them, alone or as the vanishing-gradients networks' "activation, initialisation".
 */
import { describe, expect, it } from 'vitest';
import { listExperiments, presetNames } from '@backprop-lab/core';
import { createLabI18n } from '../../i18n';
import { labelIn } from './labels';

const { global } = createLabI18n('zh-CN');
const label = labelIn(global.t as never, global.te);

describe('engine names on the experiment pages in zh-CN', () => {
  it('every choice of every parameter has Chinese words', () => {
    const untranslated: string[] = [];
    for (const { id, params } of listExperiments()) {
      for (const [name, descriptor] of Object.entries(params)) {
        if (descriptor.kind !== 'choice') continue;
        for (const choice of descriptor.choices) {
          if ((presetNames as readonly string[]).includes(choice) || choice === 'tanh') continue;
          if (label(choice) === choice) untranslated.push(`${id}.${name}: ${choice}`);
        }
      }
    }
    expect(untranslated).toEqual([]);
  });

  it('initialisations and activations in the Train view’s words, alone and as a pair', () => {
    expect(label('xavier-normal')).toBe(global.t('train.init.xavier-normal'));
    expect(label('zero')).toBe('零初始化');
    expect(label('relu')).toBe(global.t('train.activation.relu'));
    expect(label('sigmoid, xavier-normal')).toBe(`${global.t('train.activation.sigmoid')}, Xavier 正态`);
    expect(label('experiments.overfitting.variant.baseline')).toBe('原始网络');
    // An optimizer's name is not one of these and is shown as it is.
    expect(label('adam')).toBe('adam');
  });
});
