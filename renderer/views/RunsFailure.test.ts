// @vitest-environment happy-dom
/**
 * A failed run's reason, on the Runs list and on the Train page following it, is worded from the failure
 * its record keeps as data (errorData) in the language shown; a run.json written before runs kept that
 * shows its English text.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import RunsView from './RunsView.vue';
import TrainView from './TrainView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { HostError } from '../../contract/index.js';
import { createLabI18n } from '../i18n/index.js';
import { useTrainingStore } from '../stores/training';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

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
    wrapper = (await mountOnLab(RunsView, { lab, plugins: [createLabI18n('zh-CN')] })).wrapper;
    expect(runError(wrapper, runId)).toBe(CHINESE);
  });

  it('reads in English from its code on the Runs list', async () => {
    const { lab, runId } = await labWithFailedRun();
    wrapper = (await mountOnLab(RunsView, { lab, plugins: [createLabI18n('en')] })).wrapper;
    expect(runError(wrapper, runId)).toBe(ENGLISH);
  });

  it('reads in Chinese on the Train page that opens the run', async () => {
    const { lab, runId } = await labWithFailedRun();
    wrapper = (await mountOnLab(TrainView, { lab, plugins: [createLabI18n('zh-CN')] })).wrapper;
    await useTrainingStore().open(runId);
    await lab.settle();
    await flushPromises();
    expect(wrapper.get('[data-testid="run-failure"]').text()).toBe(`训练失败：${CHINESE}`);
  });

  it('shows the English text of a run.json written before runs kept the failure as data', async () => {
    const { lab, runId } = await labWithFailedRun();
    const file = join(lab.dataDir, 'runs', runId, 'run.json');
    const { errorData: _kept, ...older } = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    await writeFile(file, JSON.stringify(older));
    wrapper = (await mountOnLab(RunsView, { lab, plugins: [createLabI18n('zh-CN')] })).wrapper;
    expect(runError(wrapper, runId)).toBe(ENGLISH);
  });
});
