// @vitest-environment happy-dom
/**
 * A value the engine refuses reads, in Chinese, as a teacher would say it: the layer, the field in the
 * form's own words, the bound and what was typed, from the error's data (the Train form in zh-CN).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { createOptimizer } from '@backprop-lab/core';
import TrainView from './TrainView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { LabError, errorBodyOf } from '../../contract/index.js';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
});

async function mountTrainIn(locale: 'en' | 'zh-CN') {
  const mounted = await mountOnLab(TrainView, { locale });
  wrapper = mounted.wrapper;
  return mounted;
}

async function setUnits(view: VueWrapper, layer: number, value: string) {
  const input = view.findAll('[data-testid="layer-row"]')[layer]!.get('[data-field="units"] input');
  await input.setValue(value);
  await input.trigger('change');
  await flushPromises();
}

describe('Train form: field errors in the language shown', () => {
  it('a layer with 0 units is refused before Start, in Chinese, with the layer, the label and both numbers', async () => {
    const { wrapper: view } = await mountTrainIn('zh-CN');
    await setUnits(view, 1, '0');
    // Layer 1 of the course's network is dense: units' rule is a whole number ≥ 1.
    expect(view.get('[data-testid="layer-error"]').text()).toBe('第 1 层（全连接）：神经元数 必须是不小于 1 的整数，当前为 0');
    expect(view.findAll('[data-testid="layer-row"]').map((row) => row.classes('invalid'))).toEqual([false, true, false]);
    expect((view.get('[data-testid="start"]').element as HTMLButtonElement).disabled).toBe(true);
  });

  it('the same refusal in English uses the English label', async () => {
    const { wrapper: view } = await mountTrainIn('en');
    await setUnits(view, 1, '2.5');
    expect(view.get('[data-testid="layer-error"]').text()).toBe('layer 1 (dense): units must be a whole number ≥ 1, got 2.5');
  });

  it('a refusal by the engine at Start is worded from its data: the optimizer and its learning rate', async () => {
    const { wrapper: view, lab } = await mountTrainIn('zh-CN');
    // The form holds Start on a bad η, so the engine's answer is stood in for, as the engine words it:
    // Momentum with η = −0.1 breaks lr's rule (a positive number).
    const refusal = (() => {
      try {
        createOptimizer({ type: 'momentum', lr: -0.1 });
      } catch (error) {
        return errorBodyOf(error);
      }
      throw new Error('expected a refusal');
    })();
    lab.handle('runs.start', () => {
      throw new LabError(refusal);
    });
    await view.get('[data-testid="start"]').trigger('click');
    await lab.settle();
    expect(view.get('[data-testid="train-error"]').text()).toBe('优化器 动量法（Momentum）：学习率 η 必须是正数，当前为 -0.1');
  });
});

describe('Train form: the TrainSpec fields check the bounds core gives them', () => {
  const problemOf = (view: VueWrapper, id: string) => view.find(`[data-testid="${id}-problem"]`);

  it('the validation split is a fraction in [0, 1): 1 is refused, 0 and 0.99 are taken', async () => {
    const { wrapper: view } = await mountTrainIn('zh-CN');
    const split = view.get('[data-testid="validation-split"]');
    await split.setValue('1');
    expect(problemOf(view, 'validation-split').text()).toBe('必须小于 1。');
    await split.setValue('0.99');
    expect(problemOf(view, 'validation-split').exists()).toBe(false);
    await split.setValue('0');
    expect(problemOf(view, 'validation-split').exists()).toBe(false);
  });

  it('the seed is whole in [0, 2³²), the batch size whole and at least 1, the L2 penalty not negative', async () => {
    const { wrapper: view } = await mountTrainIn('en');
    await view.get('[data-testid="seed"]').setValue('4294967296');
    expect(problemOf(view, 'seed').text()).toBe('Must be less than 4294967296.');
    await view.get('[data-testid="seed"]').setValue('4294967295');
    expect(problemOf(view, 'seed').exists()).toBe(false);
    await view.get('[data-testid="batch-size"]').setValue('0');
    expect(problemOf(view, 'batch-size').text()).toBe('Must be at least 1.');
    await view.get('[data-testid="regularisation-l2"]').setValue('-0.1');
    expect(problemOf(view, 'regularisation-l2').text()).toBe('Must be at least 0.');
  });
});
