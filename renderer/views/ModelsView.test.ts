// @vitest-environment happy-dom
/** The Models view on the real engine in memory: the bundled models and one model of a finished run. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import ModelsView from './ModelsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { useDrawStore } from '../stores/draw';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** The view over a library with a run's model in it; `userModel` is its id, as the engine named it. */
async function mountModels(): Promise<{ wrapper: VueWrapper; lab: LabInMemory; userModel: string }> {
  const lab = await createLabInMemory();
  const run = await lab.trainedRun({ preset: 'seed-mlp', name: 'digits-1', overrides: { epochs: 2 } });
  const mounted = await mountOnLab(ModelsView, { lab });
  wrapper = mounted.wrapper;
  return { wrapper, lab, userModel: run.modelId! };
}

const row = (wrapper: VueWrapper, id: string) => wrapper.get(`[data-testid="model-row"][data-model-id="${id}"]`);
const base64Bytes = (base64: string) => [...Buffer.from(base64, 'base64')];

describe('Models view', () => {
  it('names the run a model came from by the run\'s current name, after the run is renamed', async () => {
    const lab = await createLabInMemory();
    const run = await lab.trainedRun({ preset: 'seed-mlp', name: 'digits-1', overrides: { epochs: 2 } });
    await lab.api.runs.rename(run.id, 'wide hidden layer');
    wrapper = (await mountOnLab(ModelsView, { lab })).wrapper;
    const model = row(wrapper, run.modelId!);
    // The model keeps the name it was saved with; the run's new name stands beside it.
    expect(model.get('[data-testid="model-details"]').text()).toContain('digits-1');
    expect(model.get('[data-testid="model-run"]').text()).toBe('from run “wide hidden layer”');
    expect(row(wrapper, 'bundled:seed-mlp').find('[data-testid="model-run"]').exists()).toBe(false);
  });

  it('says what the bundled cnn-best was fine-tuned from and on, in either language', async () => {
    const lab = await createLabInMemory({ bundled: ['seed-mlp', 'cnn-best'] });
    wrapper = (await mountOnLab(ModelsView, { lab })).wrapper;
    // Its manifest's fineTunedFrom: the preset's model (99.47%, commit f8c961d), 2 epochs on 68,750 samples.
    const origin = row(wrapper, 'bundled:cnn-best').get('[data-testid="model-origin"]');
    expect(origin.text()).toBe('fine-tuned from “cnn-best” (test accuracy 99.47%) on 68,750 samples × 2 epochs');
    expect(origin.attributes('title')).toBe('55000 MNIST training digits, 10000 writer variants and 10000 pad-rendered training digits');
    expect(row(wrapper, 'bundled:seed-mlp').find('[data-testid="model-origin"]').exists()).toBe(false);
    wrapper.unmount();
    wrapper = (await mountOnLab(ModelsView, { lab, locale: 'zh-CN' })).wrapper;
    expect(row(wrapper, 'bundled:cnn-best').get('[data-testid="model-origin"]').text())
      .toBe('微调自“cnn-best”（其测试集准确率 99.47%），微调用 68,750 个样本 × 2 轮');
  });

  it('lists bundled models first, with their source', async () => {
    const { wrapper, lab, userModel } = await mountModels();
    const library = await lab.api.models.list();
    const rows = wrapper.findAll('[data-testid="model-row"]');
    expect(rows.map((r) => r.attributes('data-model-id')).sort()).toEqual(library.map((m) => m.id).sort());
    // Every bundled model (resources/models), then the run's.
    expect(rows.map((r) => r.attributes('data-source'))).toEqual([...library.filter((m) => m.source === 'bundled').map(() => 'bundled'), 'user']);
    expect(rows.at(-1)!.attributes('data-model-id')).toBe(userModel);
    const seedMlp = row(wrapper, 'bundled:seed-mlp');
    // resources/models/index.json: seed-mlp reached 0.9747 on the test set.
    expect(seedMlp.text()).toContain('97.47%');
    // The layer summary names each weighted layer's fused activation (core's seed-mlp spec).
    expect(seedMlp.text()).toContain('dense 64 sigmoid → dense 16 tanh → dense 10');
    // Bundled models cannot be deleted.
    expect(seedMlp.find('[data-testid="delete-model"]').exists()).toBe(false);
  });

  it('in zh-CN, the layer summary reads in the course’s terms, sizes as they are', async () => {
    const lab = await createLabInMemory();
    wrapper = (await mountOnLab(ModelsView, { lab, locale: 'zh-CN' })).wrapper;
    // core's seed-mlp spec: dense 64 sigmoid, dense 16 tanh, dense 10 (softmax is the loss's).
    expect(row(wrapper, 'bundled:seed-mlp').get('.layers').text()).toBe('全连接 64 Sigmoid → 全连接 16 tanh → 全连接 10');
  });

  it('offers every export format of the contract and hands the chosen one\'s bytes to a download', async () => {
    const { wrapper, lab, userModel } = await mountModels();
    const createObjectURL = vi.fn(() => 'blob:model');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const select = row(wrapper, userModel).get('[data-testid="export-format"]');
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['native', 'json', 'onnx', 'tfjs', 'safetensors', 'npz']);
    expect(select.findAll('option').map((o) => o.text())).toContain('TensorFlow.js (.zip)');
    await row(wrapper, userModel).get('[data-testid="export-model"]').trigger('click');
    // The ONNX export finishes first: two exports in flight may finish in either order.
    await lab.settle();
    await select.setValue('safetensors');
    await row(wrapper, userModel).get('[data-testid="export-model"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('models.export')).toEqual([{ id: userModel, format: 'onnx' }, { id: userModel, format: 'safetensors' }]);
    expect(createObjectURL).toHaveBeenCalledTimes(2);
    // The download holds the bytes the engine exports, under its file name.
    const exported = await lab.api.models.export({ id: userModel, format: 'safetensors' });
    const blob = (createObjectURL.mock.calls[1] as unknown as [Blob])[0];
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual(base64Bytes(exported.base64));
    // The model is named by its run, with the format's own extension.
    expect(exported.fileName).toBe('digits-1.safetensors');
    expect(wrapper.get('[data-testid="export-done"]').text()).toBe(`Exported digits-1.safetensors (${exported.byteLength.toLocaleString('en')} bytes).`);
  });

  it('imports a chosen file: its bytes go to the engine as base64 and the new model joins the list', async () => {
    const { wrapper, lab } = await mountModels();
    // torch.onnx.export's file (tests/fixtures/onnx/make_small_cnn.py).
    const bytes = readFileSync(resolve(import.meta.dirname, '../../tests/fixtures/onnx/small-cnn.onnx'));
    const input = wrapper.get('[data-testid="import-file"]');
    Object.defineProperty(input.element, 'files', { value: [new File([bytes], 'net.onnx')], configurable: true });
    await input.trigger('change');
    await lab.settle();
    expect(lab.callsOf('models.import')).toEqual([{ fileName: 'net.onnx', base64: bytes.toString('base64') }]);
    expect(wrapper.get('[data-testid="import-done"]').text()).toBe('Imported net as user:net.');
    expect(wrapper.find('[data-testid="model-row"][data-model-id="user:net"]').exists()).toBe(true);
    expect((await lab.api.models.list()).map((m) => m.id)).toContain('user:net');
  });

  it('shows the engine\'s reason when an import is refused, and adds nothing', async () => {
    const { wrapper, lab } = await mountModels();
    const before = wrapper.findAll('[data-testid="model-row"]').length;
    const input = wrapper.get('[data-testid="import-file"]');
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array([1])], 'notes.txt')], configurable: true });
    await input.trigger('change');
    await lab.settle();
    expect(wrapper.get('[role="alert"]').text()).toContain('notes.txt');
    expect(wrapper.findAll('[data-testid="model-row"]')).toHaveLength(before);
    expect(await lab.api.models.list()).toHaveLength(before);
  });

  it('deletes a user model only after confirmation', async () => {
    const { wrapper, lab, userModel } = await mountModels();
    await row(wrapper, userModel).get('[data-testid="delete-model"]').trigger('click');
    expect(lab.callsOf('models.delete')).toEqual([]);
    await row(wrapper, userModel).get('[data-testid="cancel-delete"]').trigger('click');
    await row(wrapper, userModel).get('[data-testid="delete-model"]').trigger('click');
    await row(wrapper, userModel).get('[data-testid="confirm-delete"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('models.delete')).toEqual([{ id: userModel }]);
    expect(wrapper.find(`[data-model-id="${userModel}"]`).exists()).toBe(false);
    expect((await lab.api.models.list()).map((m) => m.id)).not.toContain(userModel);
  });

  it('"Use on pad" selects the model for drawing and goes to the Draw view', async () => {
    const { wrapper, lab, userModel } = await mountModels();
    await row(wrapper, userModel).get('[data-testid="use-model"]').trigger('click');
    await lab.settle();
    expect(useDrawStore().modelId).toBe(userModel);
    expect(window.location.hash).toBe('#/draw');
  });

  it('opens a model to show its layers, output shapes and parameter counts', async () => {
    const { wrapper, lab } = await mountModels();
    expect(wrapper.find('[data-testid="model-summary"]').exists()).toBe(false);
    await row(wrapper, 'bundled:seed-mlp').get('[data-testid="model-details"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('models.get')).toEqual([{ id: 'bundled:seed-mlp' }]);
    const summary = wrapper.get('[data-testid="model-summary"]');
    // seed-mlp: 784·64 + 64 = 50,240; 64·16 + 16 = 1,040; 16·10 + 10 = 170.
    expect(summary.findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['0', 'dense', '64', '50,240'], ['1', 'dense', '16', '1,040'], ['2', 'dense', '10', '170'],
    ]);
    expect(summary.get('tfoot').text()).toContain('51,450');
    await row(wrapper, 'bundled:seed-mlp').get('[data-testid="model-details"]').trigger('click');
    expect(wrapper.find('[data-testid="model-summary"]').exists()).toBe(false);
  });
});
