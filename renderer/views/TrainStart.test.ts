// @vitest-environment happy-dom
/**
 * What a run starts with, in the Train form, on the real engine in memory: the dataset (MNIST or one the
 * user imported, listed by the engine), the starting point (fresh, or a library model the engine says
 * fits, its refusal next to the field), the executor; the start line of the run panel, and the outcome
 * line (why no model was saved, what the starting model scored) there and on the run's page (issue 13).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { encodeCsv, type Dataset } from '@backprop-lab/core';
import TrainView from './TrainView.vue';
import RunsView from './RunsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { UserDatasets } from '../../main/datasets/user-datasets';
import { RunStore } from '../../main/store/run-store';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
  // Errors are worded by the last i18n made (the app has one): a Chinese mount leaves English behind it.
});

const get = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
const optionsOf = (w: VueWrapper, id: string) => get(w, id).findAll('option').map((o) => ({ value: o.attributes('value'), text: o.text(), disabled: o.attributes('disabled') !== undefined }));
const startDisabled = (w: VueWrapper) => (get(w, 'start').element as HTMLButtonElement).disabled;
type StartParams = { dataset?: unknown; start?: unknown; executor?: unknown };
const lastStart = (lab: LabInMemory) => lab.callsOf('runs.start').at(-1) as StartParams;

async function mountTrain(lab?: LabInMemory, locale?: 'zh-CN') {
  const mounted = await mountOnLab(TrainView, { ...(lab ? { lab } : {}), locale });
  wrapper = mounted.wrapper;
  return mounted;
}

async function press(lab: LabInMemory, w: VueWrapper, id: string) {
  await get(w, id).trigger('click');
  await lab.settle();
}

/** 25 images labelled n mod 5, imported as a CSV into the lab's data folder. */
async function importFives(lab: LabInMemory) {
  const count = 25;
  const data: Dataset = { images: new Float32Array(count * 784).map((_, i) => (i % 97 === 0 ? 1 : 0)), labels: Uint8Array.from({ length: count }, (_, n) => n % 5), count, shape: [1, 28, 28], classes: 10 };
  await writeFile(join(lab.dataDir, 'fives.csv'), encodeCsv(data));
  await new UserDatasets(lab.dataDir).import('fives', { kind: 'csv', path: join(lab.dataDir, 'fives.csv') });
}

describe('Train form: the data a run trains on', () => {
  it('offers MNIST and every dataset the engine lists; a run on an imported one says how it is split', async () => {
    const lab = await createLabInMemory();
    await importFives(lab);
    const { wrapper } = await mountTrain(lab);
    expect(optionsOf(wrapper, 'dataset')).toEqual([
      { value: 'mnist', text: 'MNIST (60,000 training images)', disabled: false },
      { value: 'user:fives', text: 'fives (25 images, imported)', disabled: false },
    ]);
    await get(wrapper, 'dataset').setValue('user:fives');
    await get(wrapper, 'validation-split').setValue('0.2');
    // 25 images, 0.2 held out: round(25 · 0.2) = 5 held out, 20 train.
    expect(get(wrapper, 'split-note').text()).toBe('Training on 20 images (5 held out for validation).');
    // A subset cannot ask for more images than the dataset has.
    await get(wrapper, 'train-subset').setValue('26');
    expect(get(wrapper, 'train-subset-problem').text()).toBe('Must be at most 25.');
    await get(wrapper, 'train-subset').setValue('');
    await get(wrapper, 'run-name-input').setValue('on fives');
    await press(lab, wrapper, 'start');
    expect(lastStart(lab).dataset).toEqual({ source: 'user', name: 'fives' });
    expect(get(wrapper, 'run-start-data').text()).toBe('on fives on 20 images of fives (5 held out for validation)');
    expect(get(wrapper, 'run-start-from').text()).toBe('from fresh weights');
  });

  it('a run on an MNIST subset says what it trains on, in Chinese too', async () => {
    const { wrapper: english, lab } = await mountTrain();
    await get(english, 'train-subset').setValue('1200');
    await get(english, 'run-name-input').setValue('seed-mlp');
    await press(lab, english, 'start');
    expect(lastStart(lab).dataset).toEqual({ source: 'mnist', trainLimit: 1200 });
    // seed-mlp holds out 1/12 (5,000 of 60,000): round(1,200 / 12) = 100.
    expect(get(english, 'run-start-data').text()).toBe('seed-mlp on 1,100 images (100 held out for validation)');
    english.unmount();

    const { wrapper: chinese } = await mountTrain(lab, 'zh-CN');
    wrapper = chinese;
    expect(get(chinese, 'run-start-data').text()).toBe('seed-mlp：在 1,100 张图像上训练（另留出 100 张作为验证集）');
    expect(get(chinese, 'run-start-from').text()).toBe('权重重新初始化');
  });
});

describe('Train form: where the weights start and who takes the steps', () => {
  it('offers only the models whose weights fit; an edit that breaks the fit is refused next to the field and holds Start', async () => {
    const { wrapper, lab } = await mountTrain();
    const library = await lab.api.models.list();
    const seedMlp = library.find((m) => m.id === 'bundled:seed-mlp')!;
    // seed-mlp's network: only the bundled seed-mlp has its tensors (lenet5 and cnn-best are convolutional).
    expect(optionsOf(wrapper, 'start-from').map((o) => o.value)).toEqual(['fresh', 'model:bundled:seed-mlp']);
    expect(optionsOf(wrapper, 'start-from')[1]!.text).toBe(`${seedMlp.name} (test accuracy 97.47%)`);
    await get(wrapper, 'start-from').setValue('model:bundled:seed-mlp');
    await lab.settle();
    expect(startDisabled(wrapper)).toBe(false);

    const units = wrapper.findAll('[data-testid="layer-row"]')[0]!.get('[data-field="units"] input');
    await units.setValue('32');
    await units.trigger('change');
    await lab.settle();
    // Dense weights are [inputs, units]: the file holds 784×64.
    expect(get(wrapper, 'start-from-problem').text())
      .toBe('Model bundled:seed-mlp cannot start this network: its layers.0.weight is [784, 64], the network needs [784, 32]');
    expect(startDisabled(wrapper)).toBe(true);

    await units.setValue('64');
    await units.trigger('change');
    await lab.settle();
    expect(wrapper.find('[data-testid="start-from-problem"]').exists()).toBe(false);
    await get(wrapper, 'run-name-input').setValue('fine-tune');
    await press(lab, wrapper, 'start');
    expect(lastStart(lab).start).toEqual({ from: 'model', modelId: 'bundled:seed-mlp' });
    expect(get(wrapper, 'run-start-from').text()).toBe(`from model ${seedMlp.name}`);
  });

  it('one thread, N threads (2 to 16) or auto reach runs.start as the executor', async () => {
    const { wrapper, lab } = await mountTrain();
    expect(optionsOf(wrapper, 'executor').map((o) => o.text)).toEqual(['One thread', 'N threads', 'Auto (the faster, timed when the run starts)']);
    await get(wrapper, 'executor').setValue('threads');
    expect((get(wrapper, 'executor-threads').element as HTMLInputElement).value).toBe('2');
    await get(wrapper, 'executor-threads').setValue('17');
    expect(get(wrapper, 'executor-threads-problem').text()).toBe('Must be at most 16.');
    expect(startDisabled(wrapper)).toBe(true);
    await get(wrapper, 'executor-threads').setValue('3');
    await press(lab, wrapper, 'start');
    expect(lastStart(lab).executor).toEqual({ threads: 3 });
    await lab.training((await lab.api.runs.list())[0]!.id).finish({ reason: 'stopped' });
    await lab.settle();
    await get(wrapper, 'executor').setValue('auto');
    await press(lab, wrapper, 'start');
    expect(lastStart(lab).executor).toEqual({ threads: 'auto' });
  });
});

describe('the outcome line', () => {
  it('a run stopped inside its first epoch says no model was saved and why, in the panel and on its page', async () => {
    const { wrapper: panel, lab } = await mountTrain();
    await press(lab, panel, 'start');
    const [run] = await lab.api.runs.list();
    await lab.training(run!.id).finish({ reason: 'stopped' });
    await lab.settle();
    const why = 'No model was saved: the run was stopped before its first epoch was complete (part of an epoch is not a trained model).';
    expect(get(panel, 'run-result').text()).toBe(why);
    panel.unmount();

    window.location.hash = `#/runs/${run!.id}`;
    const page = await mountOnLab(RunsView, { lab });
    wrapper = page.wrapper;
    expect(get(wrapper, 'run-model-none').text()).toBe(why);
  });

  it("a run from a model shows what the starting model scored beside the final figure", async () => {
    const lab = await createLabInMemory();
    const run = await lab.trainedRun({ preset: 'seed-mlp', name: 'tuned', overrides: { epochs: 1 }, start: { from: 'model', modelId: 'bundled:seed-mlp' } });
    // What main/runs writes when it measures the starting weights (its own test: main/engine/service-runs.test.ts).
    await new RunStore(lab.dataDir).updateRun(run.id, { startEvaluation: { on: 'test', count: 10_000, loss: 0.09, accuracy: 0.9747 } });
    window.location.hash = `#/runs/${run.id}`;
    const page = await mountOnLab(RunsView, { lab });
    wrapper = page.wrapper;
    expect(get(wrapper, 'eval-start-accuracy').text()).toBe('97.47%');
    expect(get(wrapper, 'eval-test-accuracy').text()).toBe('90.00%');
    wrapper.unmount();

    const { wrapper: train } = await mountTrain(lab);
    wrapper = train;
    const { useTrainingStore } = await import('../stores/training');
    await useTrainingStore().open(run.id);
    await lab.settle();
    expect(get(train, 'run-start-evaluation').text()).toBe('Before training, the starting model scored 97.47% on the 10,000 test images.');
    expect(get(train, 'run-result').text()).toContain('test accuracy 90.00%');
  });
});
