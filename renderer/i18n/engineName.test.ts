/**
 * Names the engine made, worded in each language from their parts: the expected strings are written by
 * hand (the Chinese with the course's terms), the parts come from core as the engine stores them.
 */
import { describe, expect, it } from 'vitest';
import {
  englishName, fineTuneNameParts, NAMED_TRAIN_SETTINGS, preprocessTypes, presets, runNameParts, scheduleTypes, type ModelSpec, type TrainSpec,
} from '@backprop-lab/core';
import { createLabI18n, type Locale } from './index.js';
import { engineNameText, type NamedRecord } from './engineName.js';

const seed = presets['seed-mlp'];
const lenet = presets.lenet5;

function wordedIn(locale: Locale, record: NamedRecord): string {
  return engineNameText(record, createLabI18n(locale).global);
}

/** Every record made below, to check that English words each as the engine stores its name. */
const made: NamedRecord[] = [];

/** A run record as the engine makes it: the English name and its parts. */
function engineRun(preset: typeof seed | undefined, modelSpec: ModelSpec, trainSpec: TrainSpec): NamedRecord {
  const nameParts = runNameParts(preset, modelSpec, trainSpec);
  made.push({ name: englishName(nameParts), nameParts });
  return made.at(-1)!;
}

const edited = engineRun(
  seed,
  { ...seed.modelSpec, layers: seed.modelSpec.layers.map((l, i) => (i === 0 ? { ...l, units: 32 } : l)) },
  { ...seed.trainSpec, optimizer: { type: 'adam', lr: 0.001 }, epochs: 3 },
);

describe('engine-made names in both languages', () => {
  it('a preset with a layer field, another optimizer and the epochs changed', () => {
    expect(wordedIn('en', edited)).toBe('seed-mlp · L0 units=32 · adam lr=0.001 · epochs=3');
    expect(wordedIn('zh-CN', edited)).toBe('seed-mlp · 第 0 层神经元数=32 · Adam 学习率=0.001 · 轮数=3');
  });

  it('batch size, initialisation, seed and validation split, then how many more', () => {
    const run = engineRun(seed, seed.modelSpec, { ...seed.trainSpec, batchSize: 32, init: 'he-normal', seed: 7, validationSplit: 0.2, regularisation: { l2: 1e-4 } });
    expect(wordedIn('en', run)).toBe('seed-mlp · batch=32 · init=he-normal · seed=7 · val=0.2 · +1');
    expect(wordedIn('zh-CN', run)).toBe('seed-mlp · 批大小=32 · 权重初始化=MSRA（He）正态 · 随机种子=7 · 验证集比例=0.2 · 另有 1 处改动');
  });

  it('augmentation and early stopping switched, the learning rate of the same optimizer', () => {
    const withEarlyStop = { ...lenet, trainSpec: { ...lenet.trainSpec, earlyStopping: { patience: 2, minDelta: 0 } } };
    const off = engineRun(withEarlyStop, lenet.modelSpec, { ...lenet.trainSpec, augment: undefined });
    expect(wordedIn('en', off)).toBe('lenet5 · no augment · no early-stop');
    expect(wordedIn('zh-CN', off)).toBe('lenet5 · 无数据增强 · 无早停');
    const on = engineRun(seed, seed.modelSpec, { ...seed.trainSpec, optimizer: { type: 'sgd', lr: 0.5 }, earlyStopping: { patience: 3, minDelta: 0 } });
    expect(wordedIn('en', on)).toBe('seed-mlp · lr=0.5 · early-stop=3');
    expect(wordedIn('zh-CN', on)).toBe('seed-mlp · 学习率=0.5 · 早停（容忍 3 轮）');
  });

  it('a layer of another kind, another loss, a schedule; another architecture; no preset', () => {
    const convLayers = seed.modelSpec.layers.map((l, i) => (i === 1 ? { type: 'dropout' as const, keep: 0.5 } : l));
    const run = engineRun(seed, { ...seed.modelSpec, layers: convLayers, loss: 'mse' }, { ...seed.trainSpec, schedule: { type: 'step', factor: 0.5, every: 3 } });
    expect(wordedIn('en', run)).toBe('seed-mlp · L1=dropout · loss=mse · schedule=step');
    expect(wordedIn('zh-CN', run)).toBe('seed-mlp · 第 1 层改为Dropout · 损失函数=均方差（L2） · 学习率调度=阶梯衰减');
    const shorter = engineRun(seed, { ...seed.modelSpec, layers: [{ type: 'dense', units: 10 }] }, seed.trainSpec);
    expect(wordedIn('en', shorter)).toBe('seed-mlp · 784-10');
    expect(wordedIn('zh-CN', shorter)).toBe('seed-mlp · 网络结构 784-10');
    const custom = engineRun(undefined, { ...seed.modelSpec, name: undefined, layers: [{ type: 'dense', units: 32 }, { type: 'dense', units: 10 }] }, seed.trainSpec);
    expect(wordedIn('en', custom)).toBe('custom 784-32-10');
    expect(wordedIn('zh-CN', custom)).toBe('自定义网络 784-32-10');
  });

  it('a fine-tuned model, from a bundled model and from a run of the engine', () => {
    const fromBundled = fineTuneNameParts({ name: 'seed-mlp' });
    expect(wordedIn('en', { name: englishName(fromBundled), nameParts: fromBundled })).toBe('seed-mlp · handwriting');
    expect(wordedIn('zh-CN', { name: englishName(fromBundled), nameParts: fromBundled })).toBe('seed-mlp · 手写数字微调');
    const fromRun = fineTuneNameParts(edited);
    expect(wordedIn('zh-CN', { name: englishName(fromRun), nameParts: fromRun })).toBe('seed-mlp · 第 0 层神经元数=32 · Adam 学习率=0.001 · 轮数=3 · 手写数字微调');
  });

  it('English reads as the name the engine stores, for every difference above', () => {
    expect(made.length).toBe(7);
    for (const record of made) expect(wordedIn('en', record)).toBe(record.name);
  });

  it('a name without parts (typed, renamed, stored before parts) is shown as it is', () => {
    expect(wordedIn('zh-CN', { name: 'momentum 0.9, one epoch' })).toBe('momentum 0.9, one epoch');
  });
});

describe('the words a name needs exist for every name core has', () => {
  it('every schedule and preprocessing type, in both languages', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { te } = createLabI18n(locale).global;
      const missing = [
        ...scheduleTypes.filter((type) => !te(`names.schedules.${type}`)),
        ...preprocessTypes.filter((type) => !te(`names.preprocesses.${type}`)),
        ...NAMED_TRAIN_SETTINGS.filter((key) => !te(`names.settings.${key}`)),
      ];
      expect(missing, locale).toEqual([]);
    }
    createLabI18n('en');
  });
});
