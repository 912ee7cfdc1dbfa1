// @vitest-environment happy-dom
/** The Models view names the library files it could not read, each with its reason worded from the error's code. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import ModelsView from './ModelsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  vi.restoreAllMocks();
});

/** 1,234 bytes that are no model file, in the user's library folder. */
const damaged = new Uint8Array(1234).fill(0x41);

/** The engine's log of the files it skipped (the host's console), kept out of the test output. */
const engineWarnings = () => vi.spyOn(console, 'warn').mockImplementation(() => {});

async function mountWith(files: Record<string, Uint8Array>, locale?: 'zh-CN'): Promise<{ view: VueWrapper; lab: LabInMemory }> {
  const lab = await createLabInMemory();
  await mkdir(join(lab.dataDir, 'models'), { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(lab.dataDir, 'models', name), bytes);
  const mounted = await mountOnLab(ModelsView, { lab, locale });
  wrapper = mounted.wrapper;
  return { view: wrapper, lab };
}

describe('Models view: unreadable files', () => {
  it('lists each skipped file with its size and the reason, in English', async () => {
    const warn = engineWarnings();
    const { view, lab } = await mountWith({ 'broken.bplab': damaged });
    const [skipped] = await lab.api.models.skipped();
    expect(skipped).toMatchObject({ id: 'user:broken', fileName: 'broken.bplab', sizeBytes: 1234 });
    // The readable ones (the bundled models) stay listed.
    expect(view.findAll('[data-testid="model-row"]')).toHaveLength((await lab.api.models.list()).length);
    const item = view.get('[data-testid="skipped-model"]');
    expect(item.attributes('data-model-id')).toBe('user:broken');
    // The file is named by its name on the line, not by its full path as in the engine's message.
    expect(item.text()).toBe('broken.bplab (1,234 bytes): broken.bplab: not a Backprop Lab model file');
    expect(skipped!.error.message).toBe(`${join(lab.dataDir, 'models', 'broken.bplab')}: not a Backprop Lab model file`);
    expect(view.get('[data-testid="skipped-models"] h3').text()).toBe('Files that could not be read (1)');
    // The engine's log names the file by its full path, with the reason.
    const path = join(lab.dataDir, 'models', 'broken.bplab');
    expect(warn).toHaveBeenCalledWith(`models: skipped ${path}: ${path}: not a Backprop Lab model file`);
  });

  it('words them in Chinese from the code, not the English text', async () => {
    engineWarnings();
    const { view, lab } = await mountWith({ 'broken.bplab': damaged }, 'zh-CN');
    const [skipped] = await lab.api.models.skipped();
    expect(skipped!.error).toMatchObject({ code: 'model-file.model-not-one', params: { file: expect.stringMatching(/models\/broken\.bplab$/) } });
    expect(view.get('[data-testid="skipped-model"]').text()).toBe('broken.bplab（1,234 字节）：broken.bplab：不是反向传播实验室的模型文件');
    expect(view.get('[data-testid="skipped-models"] h3').text()).toBe('无法读取的模型文件（1 个）');
  });

  it('shows nothing about skipped files when every file reads', async () => {
    const warn = engineWarnings();
    const { view } = await mountWith({});
    expect(warn).not.toHaveBeenCalled();
    expect(view.find('[data-testid="skipped-models"]').exists()).toBe(false);
  });
});
