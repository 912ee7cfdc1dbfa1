// @vitest-environment happy-dom
/**
 * The Draw view's fine-tune panel on the real engine in memory: the set is the engine's, the fine-tune is
 * a run of its run lifecycle (the test drives its epochs and its end), and the "before" and "after"
 * figures the view shows are the ones the engine measured (its answer, and the figures it stores with the run).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import DrawView from './DrawView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { FINE_TUNE_SETTINGS, HostError, type EvaluationRecord } from '../../contract/index.js';
import { useDrawStore } from '../stores/draw';
import { useHandwritingStore } from '../stores/handwriting';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** A sample with its first `ink` pixels at 1. */
const pixels = (ink: number) => Array.from({ length: 784 }, (_, i) => (i < ink ? 1 : 0));

async function mountWithSamples(samples: Array<{ label: number; ink: number }>, locale?: 'zh-CN'): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const lab = await createLabInMemory();
  for (const { label, ink } of samples) await lab.api.handwriting.add({ label, pixels: pixels(ink), strokes: null });
  const mounted = await mountOnLab(DrawView, { lab, attachTo: document.body, locale });
  wrapper = mounted.wrapper;
  await useHandwritingStore().refresh();
  await lab.settle();
  return { wrapper, lab };
}

const cells = (wrapper: VueWrapper, row: string) => wrapper.get(`[data-testid="finetune-${row}"]`).findAll('td').map((c) => c.text());
const percent = (value: number) => `${(100 * value).toFixed(2)}%`;
/** A figures row as the table shows it: each class, then the whole. */
const row = (figures: EvaluationRecord) => [...figures.perClass.map((v) => (v === null ? '—' : percent(v))), percent(figures.accuracy)];

describe('fine-tuning from the Draw view', () => {
  it('sends the model on the pad with the contract\'s default settings and shows "before" on the held-out digits', async () => {
    const { wrapper, lab } = await mountWithSamples([7, 17, 13, 5, 12, 9].map((ink, i) => ({ label: i < 3 ? 7 : 2, ink })));
    const draw = useDrawStore();
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await lab.settle();
    const defaults = Object.fromEntries(Object.entries(FINE_TUNE_SETTINGS).map(([key, rule]) => [key, rule.default]));
    expect(lab.callsOf('handwriting.finetune')).toEqual([{ modelId: draw.modelId, seed: 1, ...defaults }]);
    const [answer] = lab.answersOf('handwriting.finetune');
    const { own, mnist, heldOut } = answer!.counts;
    expect(own + heldOut).toBe(6);
    expect(wrapper.get('[data-testid="finetune-counts"]').text()).toContain(`${own} of your digits and ${mnist} MNIST images train; ${heldOut} of your digits are held out.`);
    const before = cells(wrapper, 'personal-before');
    expect(before).toEqual(row(answer!.before.personal));
    // Only the classes drawn have a figure.
    expect(before[0]).toBe('—');
    expect(before[2]).not.toBe('—');
    expect(wrapper.find('[data-testid="finetune-personal-after"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="finetune-start"]').attributes('disabled')).toBeDefined();
  });

  it('follows the run\'s epochs, shows "after" beside "before", and puts the new model on the pad on request', async () => {
    const { wrapper, lab } = await mountWithSamples([7, 17, 13].map((ink) => ({ label: 7, ink })));
    await wrapper.get('[data-testid="finetune-epochs"]').setValue('2');
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await lab.settle();
    const { runId, before } = lab.answersOf('handwriting.finetune')[0]!;
    await lab.emit('training.epoch', { runId, epoch: 1, epochs: 2, trainLoss: 0.5, trainAccuracy: 0.8, elapsedMs: 1000 });
    await lab.settle();
    expect(wrapper.get('[data-testid="finetune-progress"]').text()).toBe('Epoch 1 of 2');
    await lab.emit('training.epoch', { runId, epoch: 2, epochs: 2, trainLoss: 0.4, trainAccuracy: 0.9, elapsedMs: 2000 });
    // The engine measures the new model after the run ends and says so with a `done` event.
    const done = new Promise<void>((resolve) => {
      const off = lab.api.on('handwriting.finetune', (payload) => {
        if (payload.state === 'done') resolve(off());
      });
    });
    await lab.training(runId).finish({ reason: 'completed', testAccuracy: 0.97 });
    await done;
    await lab.settle();
    // The engine measured the new model as it measured the old one, and stored both with the run.
    const [stored] = await lab.api.handwriting.fineTunes();
    expect(stored!.runId).toBe(runId);
    expect(cells(wrapper, 'personal-after')).toEqual(row(stored!.after.personal));
    expect(cells(wrapper, 'personal-before')).toEqual(row(before.personal));
    expect(cells(wrapper, 'mnist-after')).toEqual(row(stored!.after.mnist));
    expect(wrapper.get('[data-testid="finetune-done"]').text()).toContain(`New model: ${stored!.modelName}`);
    await wrapper.get('[data-testid="finetune-use"]').trigger('click');
    await lab.settle();
    expect(useDrawStore().modelId).toBe(stored!.modelId);
    expect((await lab.api.models.list()).map((m) => m.id)).toContain(stored!.modelId);
    expect(wrapper.get('[data-testid="finetune-use"]').text()).toBe('On the pad');
  });

  it('an epoch count out of range is named next to its field and holds the start until it is right', async () => {
    const { wrapper, lab } = await mountWithSamples([{ label: 1, ink: 1 }, { label: 1, ink: 11 }, { label: 1, ink: 21 }]);
    await wrapper.get('[data-testid="finetune-epochs"]').setValue('500');
    expect(wrapper.get('[data-testid="finetune-epochs-problem"]').text()).toContain(String(FINE_TUNE_SETTINGS.epochs.max));
    expect(wrapper.get('[data-testid="finetune-start"]').attributes('disabled')).toBeDefined();
    await wrapper.get('[data-testid="finetune-epochs"]').setValue('3');
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await lab.settle();
    expect((lab.callsOf('handwriting.finetune')[0] as { epochs: number }).epochs).toBe(3);
  });

  it('says why the engine refused', async () => {
    // One digit of class 1: too few to hold some out.
    const { wrapper, lab } = await mountWithSamples([{ label: 1, ink: 1 }]);
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await lab.settle();
    expect(lab.answersOf('handwriting.finetune')).toEqual([]);
    expect(wrapper.get('[data-testid="finetune-error"]').text()).toContain('class 1');
    expect(await lab.api.runs.list()).toEqual([]);
  });

  /** Starts a fine-tune on three 7s in Chinese and ends its run with `end`; resolves once the panel shows the failure. */
  async function failedInChinese(end: (lab: LabInMemory, runId: string) => Promise<unknown>): Promise<{ wrapper: VueWrapper; lab: LabInMemory; runId: string }> {
    const { wrapper, lab } = await mountWithSamples([7, 17, 13].map((ink) => ({ label: 7, ink })), 'zh-CN');
    await wrapper.get('[data-testid="finetune-start"]').trigger('click');
    await lab.settle();
    const { runId } = lab.answersOf('handwriting.finetune')[0]!;
    const failed = new Promise<void>((resolve) => {
      const off = lab.api.on('handwriting.finetune', (payload) => {
        if (payload.state === 'failed') resolve(off());
      });
    });
    await end(lab, runId);
    await failed;
    await lab.settle();
    return { wrapper, lab, runId };
  }

  it('a run that diverged (NaN loss) fails the fine-tune with the reason worded in Chinese, not the run\'s English', async () => {
    const { wrapper } = await failedInChinese((lab, runId) => lab.training(runId).finish({ reason: 'diverged', message: 'Training diverged at epoch 1, iteration 3: the loss became NaN (learning rate 0.5)' }));
    expect(wrapper.get('[data-testid="finetune-error"]').text()).toBe('微调发散了（损失爆炸），没有保存模型：请试试更小的学习率');
  });

  it('a run that failed on a write shows that failure from its code, in Chinese, naming the file', async () => {
    const { wrapper, lab, runId } = await failedInChinese((lab, runId) => lab.training(runId).fail(new HostError('storage.no-space', { path: '/data/runs/r/run.json', errno: 'ENOSPC' })));
    expect(wrapper.get('[data-testid="finetune-error"]').text()).toBe('无法写入 /data/runs/r/run.json：磁盘空间已满（ENOSPC）');
    // The run's record keeps the failure as data beside its English text.
    expect(await lab.api.runs.get(runId)).toMatchObject({
      status: 'failed', error: 'Could not write /data/runs/r/run.json: no space left on the device (ENOSPC)',
      errorData: { code: 'storage.no-space', params: { path: '/data/runs/r/run.json', errno: 'ENOSPC' } },
    });
  });
});
