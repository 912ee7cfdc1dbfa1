// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import ModelsView from './ModelsView.vue';
import { mountOnFakeLab } from './mount-on-fake-lab.testing';
import { type FakeLab } from '../api/fake';
import { useDrawStore } from '../stores/draw';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function mountModels(): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const mounted = await mountOnFakeLab(ModelsView);
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  return { wrapper, lab };
}

const row = (wrapper: VueWrapper, id: string) => wrapper.get(`[data-testid="model-row"][data-model-id="${id}"]`);

describe('Models view', () => {
  it('lists bundled models first, with their source', async () => {
    const { wrapper } = await mountModels();
    const rows = wrapper.findAll('[data-testid="model-row"]');
    expect(rows.map((r) => [r.attributes('data-model-id'), r.attributes('data-source')])).toEqual([
      ['bundled/seed-mlp', 'bundled'], ['user/run-0', 'user'],
    ]);
    expect(rows[0]!.text()).toContain('97.51%');
    // The layer summary names each weighted layer's fused activation (the fake's seed-mlp spec).
    expect(rows[0]!.text()).toContain('dense 64 sigmoid → dense 16 tanh → dense 10');
    // Bundled models cannot be deleted.
    expect(rows[0]!.find('[data-testid="delete-model"]').exists()).toBe(false);
  });

  it('offers every export format of the contract and hands the chosen one\'s bytes to a download', async () => {
    const { wrapper, lab } = await mountModels();
    const createObjectURL = vi.fn(() => 'blob:model');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const select = row(wrapper, 'user/run-0').get('[data-testid="export-format"]');
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['native', 'json', 'onnx', 'tfjs', 'safetensors', 'npz']);
    expect(select.findAll('option').map((o) => o.text())).toContain('TensorFlow.js (.zip)');
    await row(wrapper, 'user/run-0').get('[data-testid="export-model"]').trigger('click');
    await select.setValue('safetensors');
    await row(wrapper, 'user/run-0').get('[data-testid="export-model"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('models.export')).toEqual([{ id: 'user/run-0', format: 'onnx' }, { id: 'user/run-0', format: 'safetensors' }]);
    expect(createObjectURL).toHaveBeenCalledTimes(2);
    // base64 'AAEC' decodes to the bytes 0, 1, 2.
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    expect([...new Uint8Array(await blob.arrayBuffer())]).toEqual([0, 1, 2]);
    expect(wrapper.get('[data-testid="export-done"]').text()).toBe('Exported user-run-0.safetensors (3 bytes).');
  });

  it('imports a chosen file: its bytes go to the engine as base64 and the new model joins the list', async () => {
    const { wrapper, lab } = await mountModels();
    const input = wrapper.get('[data-testid="import-file"]');
    const file = new File([new Uint8Array([7, 8, 9])], 'net.onnx');
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    await flushPromises();
    expect(lab.callsOf('models.import')).toEqual([{ fileName: 'net.onnx', base64: 'BwgJ' }]);
    expect(wrapper.get('[data-testid="import-done"]').text()).toBe('Imported net as user:net.');
    expect(wrapper.find('[data-testid="model-row"][data-model-id="user:net"]').exists()).toBe(true);
  });

  it('shows the engine\'s reason when an import is refused, and adds nothing', async () => {
    const { wrapper } = await mountModels();
    const input = wrapper.get('[data-testid="import-file"]');
    Object.defineProperty(input.element, 'files', { value: [new File([new Uint8Array([1])], 'notes.txt')], configurable: true });
    await input.trigger('change');
    await flushPromises();
    expect(wrapper.get('[role="alert"]').text()).toContain('notes.txt: cannot tell the format from the name');
    expect(wrapper.findAll('[data-testid="model-row"]')).toHaveLength(2);
  });

  it('deletes a user model only after confirmation', async () => {
    const { wrapper, lab } = await mountModels();
    await row(wrapper, 'user/run-0').get('[data-testid="delete-model"]').trigger('click');
    expect(lab.callsOf('models.delete')).toEqual([]);
    await row(wrapper, 'user/run-0').get('[data-testid="cancel-delete"]').trigger('click');
    await row(wrapper, 'user/run-0').get('[data-testid="delete-model"]').trigger('click');
    await row(wrapper, 'user/run-0').get('[data-testid="confirm-delete"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('models.delete')).toEqual([{ id: 'user/run-0' }]);
    expect(wrapper.find('[data-model-id="user/run-0"]').exists()).toBe(false);
  });

  it('"Use on pad" selects the model for drawing and goes to the Draw view', async () => {
    const { wrapper } = await mountModels();
    await row(wrapper, 'user/run-0').get('[data-testid="use-model"]').trigger('click');
    await flushPromises();
    expect(useDrawStore().modelId).toBe('user/run-0');
    expect(window.location.hash).toBe('#/draw');
  });

  it('opens a model to show its layers, output shapes and parameter counts', async () => {
    const { wrapper, lab } = await mountModels();
    expect(wrapper.find('[data-testid="model-summary"]').exists()).toBe(false);
    await row(wrapper, 'bundled/seed-mlp').get('[data-testid="model-details"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('models.get')).toEqual([{ id: 'bundled/seed-mlp' }]);
    const summary = wrapper.get('[data-testid="model-summary"]');
    expect(summary.findAll('tbody tr').map((r) => r.findAll('td').map((c) => c.text()))).toEqual([
      ['0', 'dense', '64', '50,240'], ['1', 'dense', '16', '1,040'], ['2', 'dense', '10', '170'],
    ]);
    expect(summary.get('tfoot').text()).toContain('51,450');
    await row(wrapper, 'bundled/seed-mlp').get('[data-testid="model-details"]').trigger('click');
    expect(wrapper.find('[data-testid="model-summary"]').exists()).toBe(false);
  });
});
