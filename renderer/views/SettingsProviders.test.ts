// @vitest-environment happy-dom
/** Settings on the real EngineService: a provider that is not installed cannot be chosen, js can (defect 5). */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import SettingsView from './SettingsView.vue';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

describe('Settings: provider choice', () => {
  it('offers tfjs-node-gpu disabled with its reason, js enabled; choosing js is what is in use then', async () => {
    const stand = createStandInBackend();
    stand.backend.detectProviders = async () => [
      { name: 'tfjs-node-gpu', available: false, reason: '@tensorflow/tfjs-node-gpu is not installed' },
      { name: 'wasm', available: true },
      { name: 'js', available: true },
      { name: 'reference', available: true },
    ];
    provideLab(createInMemoryLab(stand.backend).api);
    const pinia = createPinia();
    setActivePinia(pinia);
    wrapper = mount(SettingsView, { global: { plugins: [pinia] } });
    await flushPromises();
    const options = wrapper.get('[data-testid="provider-select"]').findAll('option');
    const disabled = Object.fromEntries(options.map((o) => [o.attributes('value'), (o.element as HTMLOptionElement).disabled]));
    // tfjs-node and simd are not reported at all: not available either.
    expect(disabled).toEqual({ auto: false, 'tfjs-node-gpu': true, 'tfjs-node': true, simd: true, wasm: false, js: false, reference: false });
    await wrapper.get('[data-testid="provider-select"]').setValue('js');
    await flushPromises();
    expect(wrapper.get('[data-testid="active-provider"]').text()).toBe('js');
  });
});
