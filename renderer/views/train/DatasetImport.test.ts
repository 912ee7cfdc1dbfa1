// @vitest-environment happy-dom
/**
 * Importing a dataset from the Train form, on the real engine in memory: a CSV made here goes up in
 * chunks, the engine reads and checks it into <dataDir>/datasets/, the form shows its images per class
 * (counted here from the rows written) and offers it in the dataset list; a bad file is refused in the
 * language shown with nothing written; an imported dataset is deleted from the list.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import DataSettings from './DataSettings.vue';
import { mountOnLab } from '../../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../../testing/lab-in-memory.testing';
import { createLabI18n } from '../../i18n/index.js';
import { userDatasetInfo } from '../../../contract/index.js';
import { useStartChoicesStore } from '../../stores/startChoices';
import { getPreset } from '@backprop-lab/core';
import { defineComponent, h } from 'vue';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
});

/** A Kaggle-layout CSV: a header, then one row per label with every pixel `label · 20`. */
function csvOf(labels: number[]): string {
  const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
  return [header, ...labels.map((label) => [label, ...new Array<number>(784).fill(label * 20)].join(','))].join('\n');
}

/** The data part of the Train form, with the datasets the engine lists, as the Train view passes them. */
const DataPart = defineComponent(() => {
  const startChoices = useStartChoicesStore();
  void startChoices.loadDatasets();
  return () => h(DataSettings, { trainSpec: structuredClone(getPreset('seed-mlp').trainSpec), trainSubset: null, dataset: { source: 'mnist' }, userDatasets: startChoices.datasets });
});

async function mountIn(locale: 'en' | 'zh-CN'): Promise<{ view: VueWrapper; lab: LabInMemory }> {
  const lab = await createLabInMemory();
  wrapper = (await mountOnLab(DataPart, { lab, locale })).wrapper;
  return { view: wrapper, lab };
}

/** Chooses `files` in the import's file input, as the system dialog would. */
async function choose(view: VueWrapper, files: File[]): Promise<void> {
  const input = view.get('[data-testid="import-files"]');
  Object.defineProperty(input.element, 'files', { value: files, configurable: true });
  await input.trigger('change');
}

async function importAndSettle(view: VueWrapper, lab: LabInMemory): Promise<void> {
  await view.get('[data-testid="import-start"]').trigger('click');
  // The upload is a chain of requests; the engine answers each before the page sends the next.
  await expect.poll(async () => {
    await lab.settle();
    return view.find('[data-testid="import-progress"]').exists();
  }).toBe(false);
}

describe('Train form: importing a dataset', () => {
  it('imports a CSV, shows its images per class and offers it in the dataset list with its size', async () => {
    const { view, lab } = await mountIn('en');
    const labels = [0, 7, 7, 3, 9, 7];
    await choose(view, [new File([csvOf(labels)], 'my digits.csv', { type: 'text/csv' })]);
    // The name offered is the file's, in the characters a dataset name may have.
    expect((view.get('[data-testid="import-name"]').element as HTMLInputElement).value).toBe('my-digits');
    await importAndSettle(view, lab);

    expect(view.find('[data-testid="import-error"]').exists()).toBe(false);
    const perClass = view.findAll('[data-testid="class-count"]').map((cell) => Number(cell.text()));
    expect(perClass).toEqual([1, 0, 0, 1, 0, 0, 0, 3, 0, 1]);
    expect(view.get('[data-testid="import-result"]').attributes('data-count')).toBe('6');
    const option = view.get('[data-testid="dataset"] option[value="user:my-digits"]');
    expect(option.text()).toBe('my-digits (6 images, imported)');
    expect(await lab.api.datasets.list()).toMatchObject([{ name: 'my-digits', source: 'csv', origin: 'my digits.csv', count: 6, classCounts: perClass }]);
    // Nothing of the upload is left beside the dataset.
    expect(await readdir(join(lab.dataDir, 'datasets'))).toEqual(['my-digits']);
  });

  it('refuses a CSV row with too few values in Chinese, and writes nothing', async () => {
    const { view, lab } = await mountIn('zh-CN');
    const broken = `${csvOf([1, 2])}\n5,0,0,0`;
    await choose(view, [new File([broken], 'broken.csv')]);
    await importAndSettle(view, lab);
    expect(view.get('[data-testid="import-error"]').text()).toBe('broken.csv：第 4 行有 4 个值（应为 785 个：标签 + 784 个像素）');
    expect(await lab.api.datasets.list()).toEqual([]);
    expect(existsSync(join(lab.dataDir, 'datasets')) ? await readdir(join(lab.dataDir, 'datasets')) : []).toEqual([]);
    expect(view.find('[data-testid="dataset"] option[value^="user:"]').exists()).toBe(false);
  });

  it('deletes an imported dataset from the list after asking', async () => {
    const { view, lab } = await mountIn('en');
    await choose(view, [new File([csvOf([4, 4])], 'fours.csv')]);
    await importAndSettle(view, lab);
    expect(view.findAll('[data-testid="imported-dataset"]').map((item) => item.attributes('data-name'))).toEqual(['fours']);
    await view.get('[data-testid="imported-dataset"] button').trigger('click');
    await view.get('[data-testid="imported-dataset"] [data-testid="confirm-delete"]').trigger('click');
    await expect.poll(async () => {
      await lab.settle();
      return view.findAll('[data-testid="imported-dataset"]').length;
    }).toBe(0);
    expect(await lab.api.datasets.list()).toEqual([]);
    expect(view.find('[data-testid="dataset"] option[value="user:fours"]').exists()).toBe(false);
  });
});

describe('the list of imported datasets', () => {
  it('has words in both languages for every kind a dataset can come from (the contract’s list)', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { te } = createLabI18n(locale).global;
      expect(userDatasetInfo.shape.source.options.filter((kind) => !te(`train.data.import.kinds.${kind}`)), locale).toEqual([]);
    }
  });
});
