// @vitest-environment happy-dom
/** The Models view names the library files it could not read, each with its reason worded from the error's code. */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import ModelsView from './ModelsView.vue';
import { createFakeLab } from '../api/fake';
import { provideLab } from '../api';
import { createLabI18n } from '../i18n/index.js';
import type { SkippedModelFile } from '../../contract/index.js';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

const damaged: SkippedModelFile = {
  id: 'user:broken', fileName: 'broken.bplab', sizeBytes: 1234,
  error: { code: 'model-file.invalid', message: 'broken.bplab: the manifest is not valid JSON' },
};

async function mountWith(skipped: SkippedModelFile[], locale?: 'zh-CN') {
  const lab = createFakeLab();
  lab.handle('models.skipped', () => skipped);
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  const plugins = locale ? [pinia, createLabI18n(locale)] : [pinia];
  wrapper = mount(ModelsView, { global: { plugins } });
  await flushPromises();
  return wrapper;
}

describe('Models view: unreadable files', () => {
  it('lists each skipped file with its size and the reason, in English', async () => {
    const view = await mountWith([damaged]);
    expect(view.findAll('[data-testid="model-row"]')).toHaveLength(2); // the readable ones stay listed
    const item = view.get('[data-testid="skipped-model"]');
    expect(item.attributes('data-model-id')).toBe('user:broken');
    expect(item.text()).toBe('broken.bplab (1,234 bytes): broken.bplab: the manifest is not valid JSON');
    expect(view.get('[data-testid="skipped-models"] h3').text()).toBe('Files that could not be read (1)');
  });

  it('words them in Chinese from the code, not the English text', async () => {
    const view = await mountWith([damaged], 'zh-CN');
    expect(view.get('[data-testid="skipped-model"]').text()).toBe('broken.bplab（1,234 字节）：模型文件无法载入：broken.bplab: the manifest is not valid JSON');
    expect(view.get('[data-testid="skipped-models"] h3').text()).toBe('无法读取的模型文件（1 个）');
  });

  it('shows nothing about skipped files when every file reads', async () => {
    const view = await mountWith([]);
    expect(view.find('[data-testid="skipped-models"]').exists()).toBe(false);
  });
});
