// @vitest-environment happy-dom
/**
 * The Runs view on the real engine in memory lists a run whose run.json cannot be read apart, with the
 * reason worded from its code in English or Chinese, and deletes it: its folder goes, the other runs stay.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import RunsView from './RunsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** A run trained to the end, and beside it a run folder whose run.json was cut short. */
async function labWithDamagedRun(): Promise<{ lab: LabInMemory; goodId: string; damagedDir: string }> {
  const lab = await createLabInMemory();
  const good = await lab.api.runs.start({ preset: 'seed-mlp', overrides: { epochs: 1 } });
  await lab.training(good.id).finish({ reason: 'completed', testAccuracy: 0.9 });
  const damagedDir = join(lab.dataDir, 'runs', 'broken-run');
  await mkdir(damagedDir, { recursive: true });
  await writeFile(join(damagedDir, 'run.json'), '{"id": "broken-run", "na');
  return { lab, goodId: good.id, damagedDir };
}

describe('Runs view: a damaged run', () => {
  it('is listed apart with its reason in English, and Delete removes its folder only', async () => {
    const { lab, goodId, damagedDir } = await labWithDamagedRun();
    wrapper = (await mountOnLab(RunsView, { lab })).wrapper;
    expect(wrapper.findAll('[data-testid="run-row"]').map((row) => row.attributes('data-run-id'))).toEqual([goodId]);
    const item = wrapper.get('[data-testid="damaged-run"]');
    expect(item.attributes('data-run-id')).toBe('broken-run');
    expect(item.text()).toContain('broken-run: run.json is not valid JSON');
    expect(wrapper.get('[data-testid="damaged-runs"] h3').text()).toBe('Runs that could not be read (1)');

    await item.get('[data-testid="delete-damaged-run"]').trigger('click');
    await wrapper.get('[data-testid="confirm-delete"]').trigger('click');
    await lab.settle();
    await flushPromises();
    expect(existsSync(damagedDir)).toBe(false);
    expect(existsSync(join(lab.dataDir, 'runs', goodId, 'run.json'))).toBe(true);
    expect(wrapper.find('[data-testid="damaged-runs"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-testid="run-row"]').map((row) => row.attributes('data-run-id'))).toEqual([goodId]);
    expect(await lab.api.runs.damaged()).toEqual([]);
  });

  it('words the reason in Chinese from its code', async () => {
    const { lab } = await labWithDamagedRun();
    wrapper = (await mountOnLab(RunsView, { lab, locale: 'zh-CN' })).wrapper;
    expect(wrapper.get('[data-testid="damaged-run"]').text()).toContain('broken-run：run.json 不是有效的 JSON');
    expect(wrapper.get('[data-testid="damaged-runs"] h3').text()).toBe('无法读取的训练记录（1 个）');
  });
});
