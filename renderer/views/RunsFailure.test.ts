// @vitest-environment happy-dom
/**
 * A failed run's reason, on the Runs list and on the Train page following it, is worded from the failure
 * its record keeps as data (errorData) in the language shown; a run.json written before runs kept that
 * shows its English text. A diverged run's sentence (core/train/divergence.ts) is such data too.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import RunsView from './RunsView.vue';
import TrainView from './TrainView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { DivergenceGuard, divergenceFailure } from '@backprop-lab/core';
import { HostError } from '../../contract/index.js';
import { useTrainingStore } from '../stores/training';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
});

const ENGLISH = 'Could not write /data/runs/r/run.json: no space left on the device (ENOSPC)';
const CHINESE = '无法写入 /data/runs/r/run.json：磁盘空间已满（ENOSPC）';

/** A run that failed on a full disk, as the engine's run lifecycle records it. */
async function labWithFailedRun(): Promise<{ lab: LabInMemory; runId: string }> {
  const lab = await createLabInMemory();
  const run = await lab.api.runs.start({ preset: 'seed-mlp', overrides: { epochs: 1 } });
  await lab.training(run.id).fail(new HostError('storage.no-space', { path: '/data/runs/r/run.json', errno: 'ENOSPC' }));
  await lab.settle();
  return { lab, runId: run.id };
}

function runError(view: VueWrapper, runId: string): string {
  return view.get(`[data-testid="run-row"][data-run-id="${runId}"] .run-error`).text();
}

describe('a failed run\'s reason', () => {
  it('reads in Chinese from its code on the Runs list', async () => {
    const { lab, runId } = await labWithFailedRun();
    wrapper = (await mountOnLab(RunsView, { lab, locale: 'zh-CN' })).wrapper;
    expect(runError(wrapper, runId)).toBe(CHINESE);
  });

  it('reads in English from its code on the Runs list', async () => {
    const { lab, runId } = await labWithFailedRun();
    wrapper = (await mountOnLab(RunsView, { lab, locale: 'en' })).wrapper;
    expect(runError(wrapper, runId)).toBe(ENGLISH);
  });

  it('reads in Chinese on the Train page that opens the run', async () => {
    const { lab, runId } = await labWithFailedRun();
    expect(await trainPageFailure(lab, runId, 'zh-CN')).toBe(`训练失败：${CHINESE}`);
  });

  it('shows the English text of a run.json written before runs kept the failure as data', async () => {
    const { lab, runId } = await labWithFailedRun();
    const file = join(lab.dataDir, 'runs', runId, 'run.json');
    const { errorData: _kept, ...older } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify(older));
    wrapper = (await mountOnLab(RunsView, { lab, locale: 'zh-CN' })).wrapper;
    expect(runError(wrapper, runId)).toBe(ENGLISH);
  });
});

/** The failure line of the Train page, in `locale`, once it has opened run `runId`. */
async function trainPageFailure(lab: LabInMemory, runId: string, locale: 'en' | 'zh-CN'): Promise<string> {
  wrapper = (await mountOnLab(TrainView, { lab, locale })).wrapper;
  await useTrainingStore().open(runId);
  await lab.settle();
  await flushPromises();
  return wrapper.get('[data-testid="run-failure"]').text();
}

/**
 * A run whose loss became NaN at iteration 3 of its first epoch (learning rate 5), as core's divergence
 * guard words it and main/runs keeps it: the English sentence as `error`, the same as data as `errorData`.
 */
async function labWithDivergedRun(): Promise<{ lab: LabInMemory; runId: string }> {
  const lab = await createLabInMemory();
  const run = await lab.api.runs.start({ preset: 'seed-mlp', overrides: { epochs: 1 } });
  const { problem } = new DivergenceGuard(Math.log(10)).afterIteration(NaN, 5)!;
  const { data, message } = divergenceFailure(1, 3, problem, false);
  await lab.training(run.id).finish({ reason: 'diverged', message, errorData: data });
  await lab.settle();
  return { lab, runId: run.id };
}

// core/messages.ts' train.diverged-first-epoch and divergence.loss-not-finite, and zh-CN/errors.json's.
const DIVERGED_ENGLISH = 'Training diverged at epoch 1, iteration 3: the loss became NaN (learning rate 5); '
  + 'there is no checkpoint yet (none is saved before the end of the first epoch); the initial weights are restored';
const DIVERGED_CHINESE = '训练在第 1 轮第 3 次迭代时发散：损失变成了 NaN（学习率 5）；目前还没有检查点（第一轮结束前不保存检查点），已恢复初始权重';

describe('a diverged run\'s sentence', () => {
  it('reads in Chinese on the Train page that opens the run', async () => {
    const { lab, runId } = await labWithDivergedRun();
    expect(await trainPageFailure(lab, runId, 'zh-CN')).toBe(`训练失败：${DIVERGED_CHINESE}`);
  });

  it('reads in Chinese on the Runs list and on the run\'s page', async () => {
    const { lab, runId } = await labWithDivergedRun();
    wrapper = (await mountOnLab(RunsView, { lab, locale: 'zh-CN' })).wrapper;
    expect(runError(wrapper, runId)).toBe(DIVERGED_CHINESE);
    await wrapper.get(`[data-testid="run-row"][data-run-id="${runId}"] [data-testid="open-run"]`).trigger('click');
    await lab.settle();
    await flushPromises();
    expect(wrapper.get('[data-testid="run-detail-failure"]').text()).toBe(`训练失败：${DIVERGED_CHINESE}`);
  });

  it('reads in English, the engine\'s own sentence, on the Runs list', async () => {
    const { lab, runId } = await labWithDivergedRun();
    wrapper = (await mountOnLab(RunsView, { lab, locale: 'en' })).wrapper;
    expect(runError(wrapper, runId)).toBe(DIVERGED_ENGLISH);
  });
});
