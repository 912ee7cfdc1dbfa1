// @vitest-environment happy-dom
/**
 * The Train form on the real EngineService (in memory, stand-in backend with core's presets): every
 * setting the engine takes, checked next to its field in plain words, the course's warnings, and only
 * the providers that can run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { presets } from '@backprop-lab/core';
import TrainView from './TrainView.vue';
import { createInMemoryLab, type InMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import type { ProviderStatusRecord } from '../../contract/index.js';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function mountForm(options: { providers?: ProviderStatusRecord[] } = {}) {
  const stand = createStandInBackend();
  stand.backend.presets = () => Object.values(presets).map((preset) => structuredClone(preset));
  if (options.providers) stand.backend.detectProviders = async () => options.providers!;
  const lab: InMemoryLab = createInMemoryLab(stand.backend);
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(TrainView, { global: { plugins: [pinia] } });
  await flushPromises();
  return { wrapper, lab, stand };
}

const get = (w: VueWrapper, id: string) => w.get(`[data-testid="${id}"]`);
const startDisabled = (w: VueWrapper) => (get(w, 'start').element as HTMLButtonElement).disabled;
const startParams = (lab: InMemoryLab) => lab.callsOf('runs.start') as Array<{ name: string; trainSpec: { epochs: number; provider: string } }>;

describe('Train form: checks next to the field (defect 9)', () => {
  it('0 epochs keeps the 0, says why next to the field, and holds Start; a right value lets it go', async () => {
    const { wrapper, lab } = await mountForm();
    await get(wrapper, 'epochs').setValue('0');
    expect((get(wrapper, 'epochs').element as HTMLInputElement).value).toBe('0');
    expect(get(wrapper, 'epochs-problem').text()).toBe('Must be at least 1.');
    expect(startDisabled(wrapper)).toBe(true);
    await get(wrapper, 'batch-size').setValue('2.5');
    expect(get(wrapper, 'batch-size-problem').text()).toBe('Use a whole number.');

    await get(wrapper, 'epochs').setValue('2');
    await get(wrapper, 'batch-size').setValue('32');
    expect(wrapper.find('[data-testid="epochs-problem"]').exists()).toBe(false);
    expect(startDisabled(wrapper)).toBe(false);
    await get(wrapper, 'start').trigger('click');
    await flushPromises();
    expect(startParams(lab)[0]!.trainSpec).toMatchObject({ epochs: 2, batchSize: 32 });
  });

  it('a learning rate of 0 or below is refused next to the field, never sent to the engine', async () => {
    const { wrapper, lab } = await mountForm();
    await get(wrapper, 'learning-rate').setValue('-1');
    expect(get(wrapper, 'learning-rate-problem').text()).toBe('Must be more than 0.');
    expect(startDisabled(wrapper)).toBe(true);
    await wrapper.get('form').trigger('submit');
    await flushPromises();
    expect(lab.callsOf('runs.start')).toEqual([]);
  });

  it("a model the engine would refuse is marked at its layer with the engine's reason before Start", async () => {
    const { wrapper } = await mountForm();
    const units = wrapper.findAll('[data-testid="layer-row"]')[2]!.get('[data-field="units"] input');
    await units.setValue('1');
    await units.trigger('change');
    const rows = wrapper.findAll('[data-testid="layer-row"]');
    expect(rows.map((row) => row.classes('invalid'))).toEqual([false, false, true]);
    expect(get(wrapper, 'layer-error').text()).toContain('needs at least 2 classes');
    expect(startDisabled(wrapper)).toBe(true);
  });
});

describe('Train form: every TrainSpec setting, grouped as the course teaches', () => {
  it('regularisation, early stopping, augmentation, preprocessing, init, loss and the momentum form reach runs.start', async () => {
    const { wrapper, lab } = await mountForm();
    await get(wrapper, 'regularisation-l2').setValue('0.0001');
    await get(wrapper, 'early-stopping-patience').setValue('3');
    await get(wrapper, 'augment-shiftPixels').setValue('2');
    await get(wrapper, 'preprocess').setValue('standardise');
    await get(wrapper, 'init-select').setValue('he-normal');
    await get(wrapper, 'optimizer-select').setValue('momentum');
    await get(wrapper, 'optimizer-form').setValue('ewma');
    await get(wrapper, 'validation-split').setValue('0.1');
    await get(wrapper, 'start').trigger('click');
    await flushPromises();
    const [params] = lab.callsOf('runs.start') as Array<{ trainSpec: Record<string, unknown> }>;
    expect(params!.trainSpec).toMatchObject({
      regularisation: { l2: 0.0001 }, earlyStopping: { patience: 3 }, augment: { shiftPixels: 2 },
      preprocess: { type: 'standardise' }, init: 'he-normal', optimizer: { type: 'momentum', lr: 0.2, form: 'ewma' }, validationSplit: 0.1,
    });
  });

  it('says how many images train and how many are held out: 55,000 and 5,000 for seed-mlp (defect 13)', async () => {
    const { wrapper } = await mountForm();
    // seed-mlp holds out 5000/60000 of MNIST's 60,000 training images.
    expect(get(wrapper, 'split-note').text()).toBe('Training on 55,000 images (5,000 held out for validation).');
    await get(wrapper, 'train-subset').setValue('2000');
    // round(2000 · 1/12) = 167 held out.
    expect(get(wrapper, 'split-note').text()).toBe('Training on 1,833 images (167 held out for validation).');
  });

  it('each group links to the experiment that shows it', async () => {
    const { wrapper } = await mountForm();
    expect(get(wrapper, 'experiment-link-optimizer').attributes('href')).toBe('#/experiments/optimizer-race');
    expect(get(wrapper, 'experiment-link-schedule').attributes('href')).toBe('#/experiments/schedules');
    expect(get(wrapper, 'experiment-link-architecture').attributes('href')).toBe('#/experiments/initialisation');
  });
});

describe("Train form: the course's warnings (defect 7)", () => {
  it('the step activation says why it cannot learn and links to the experiment', async () => {
    const { wrapper } = await mountForm();
    expect(wrapper.find('[data-testid="spec-warnings"]').exists()).toBe(false);
    const activation = wrapper.findAll('[data-testid="layer-row"]')[0]!.get('[data-field="activation"] select');
    await activation.setValue('step');
    const warning = wrapper.get('[data-warning="step"]');
    expect(warning.text()).toContain("derivative is 0");
    expect(warning.text()).toContain('layer 0');
    expect(get(wrapper, 'warning-link-step').attributes('href')).toBe('#/experiments/vanishing-gradients');
  });

  it('zero initialisation warns of symmetric units and links to the initialisation experiment', async () => {
    const { wrapper } = await mountForm();
    await get(wrapper, 'init-select').setValue('zero');
    const warning = wrapper.get('[data-warning="zeroInit"]');
    // seed-mlp's three dense layers all start at 0: layers 0 and 1 have zero weights on both sides.
    expect(warning.text()).toContain('Layer 0, 1');
    expect(get(wrapper, 'warning-link-zeroInit').attributes('href')).toBe('#/experiments/initialisation');
  });
});

describe('Train form: the layer editor (defect 10)', () => {
  it("cnn-best's dropout shows its mode, ReLU rows have no α, and the types and 'no activation' read in full", async () => {
    const { wrapper } = await mountForm();
    await get(wrapper, 'preset-select').setValue('cnn-best');
    const rows = wrapper.findAll('[data-testid="layer-row"]');
    const dropout = rows.find((row) => (row.get('[data-testid="layer-type"]').element as HTMLSelectElement).value === 'dropout')!;
    expect((dropout.get('[data-field="mode"] select').element as HTMLSelectElement).value).toBe('inverted');
    const reluRows = rows.filter((row) => row.find('[data-field="fn"]').exists());
    expect(reluRows.length).toBe(3);
    for (const row of reluRows) expect(row.find('[data-field="alpha"]').exists()).toBe(false);
    const typeNames = rows[3]!.findAll('[data-testid="layer-type"] option').map((o) => o.text());
    expect(typeNames).toContain('max pooling');
    expect(rows[0]!.findAll('[data-field="activation"] option')[0]!.text()).toBe('no activation');
  });
});

describe('Train form: providers (defect 5)', () => {
  const detected: ProviderStatusRecord[] = [
    { name: 'tfjs-node-gpu', available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' },
    { name: 'tfjs-node', available: false, reason: '@tensorflow/tfjs-node is not installed' },
    { name: 'wasm', available: true },
    { name: 'js', available: true },
    { name: 'reference', available: true },
  ];

  it('an unavailable provider cannot be chosen; js can, and the engine takes it', async () => {
    const { wrapper, lab, stand } = await mountForm({ providers: detected });
    const options = get(wrapper, 'train-provider').findAll('option');
    const state = Object.fromEntries(options.map((o) => [o.attributes('value'), (o.element as HTMLOptionElement).disabled]));
    expect(state).toEqual({ auto: false, 'tfjs-node-gpu': true, 'tfjs-node': true, simd: true, wasm: false, js: false, reference: false });
    expect(options.find((o) => o.attributes('value') === 'tfjs-node-gpu')!.attributes('title')).toBe('@tensorflow/tfjs-node-gpu is not installed');

    await get(wrapper, 'train-provider').setValue('js');
    await get(wrapper, 'start').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="train-error"]').exists()).toBe(false);
    expect(stand.trainings[0]!.description.trainSpec.provider).toBe('js');
    expect(startParams(lab)[0]!.trainSpec.provider).toBe('js');
  });
});

describe('Train form: run names (defect 11)', () => {
  it('the default name says what differs from the preset; a typed name wins', async () => {
    const { wrapper, lab } = await mountForm();
    const name = get(wrapper, 'run-name-input');
    expect(name.attributes('placeholder')).toBe('seed-mlp');
    const units = wrapper.findAll('[data-testid="layer-row"]')[0]!.get('[data-field="units"] input');
    await units.setValue('32');
    await units.trigger('change');
    await get(wrapper, 'optimizer-select').setValue('adam');
    await get(wrapper, 'epochs').setValue('3');
    expect(name.attributes('placeholder')).toBe('seed-mlp · L0 units=32 · adam lr=0.2 · epochs=3');
    await get(wrapper, 'start').trigger('click');
    await flushPromises();
    // Untyped, the name is the engine's to make (with its parts, for the page to word): the form sends none.
    expect(startParams(lab)[0]!.name).toBeUndefined();
    expect(get(wrapper, 'run-name').text()).toBe('seed-mlp · L0 units=32 · adam lr=0.2 · epochs=3');
  });
});
