// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import App from './App.vue';
import { createFakeLab, type FakeLab } from './api/fake';
import { provideLab } from './api';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
});

async function mountApp(): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const lab = createFakeLab();
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, lab };
}

describe('App shell', () => {
  it('opens on Draw and the side navigation switches views', async () => {
    const { wrapper } = await mountApp();
    expect(wrapper.find('[data-testid="pad"]').exists()).toBe(true);
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await flushPromises();
    expect(wrapper.find('[data-testid="start"]').exists()).toBe(true);
    expect(window.location.hash).toBe('#/train');
    await wrapper.get('[data-testid="nav-models"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="model-row"]').length).toBe(2);
    await wrapper.get('[data-testid="nav-settings"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="data-dir"]').text()).toBe('/home/user/.backprop-lab');
    await wrapper.get('[data-testid="nav-runs"]').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('[data-testid="run-row"]').map((row) => row.attributes('data-status'))).toEqual(['completed']);
  });

  it('shows the engine-died banner when the engine crashes, and Restart calls the API and clears it', async () => {
    const { wrapper, lab } = await mountApp();
    expect(wrapper.find('[data-testid="engine-status"]').exists()).toBe(false);

    lab.emit('engine.status', { state: 'crashed', message: 'engine process exited with code 1', generation: 1 });
    await flushPromises();
    const banner = wrapper.get('[data-testid="engine-status"]');
    expect(banner.text()).toContain('The engine stopped');
    expect(banner.text()).toContain('exited with code 1');

    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('engine.restart')).toHaveLength(1);
    expect(wrapper.find('[data-testid="engine-status"]').exists()).toBe(false);
  });

  it('a failed restart says why and keeps the banner', async () => {
    const { wrapper, lab } = await mountApp();
    lab.handle('engine.restart', () => {
      throw new Error('could not spawn the engine: ENOMEM');
    });
    lab.emit('engine.status', { state: 'crashed', generation: 1 });
    await flushPromises();
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="engine-status"]').text()).toContain('could not spawn the engine: ENOMEM');
  });
});

describe('engine restart and a running run', () => {
  it('after a restart the followed run shows the status the engine now reports (interrupted)', async () => {
    const { wrapper, lab } = await mountApp();
    await wrapper.get('[data-testid="nav-train"]').trigger('click');
    await flushPromises();
    await wrapper.get('[data-testid="start"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('running');
    const runs = await lab.api.runs.list();
    lab.handle('runs.list', () => runs.map((r) => (r.status === 'running' ? { ...r, status: 'interrupted' as const } : r)));
    lab.emit('engine.status', { state: 'crashed', generation: 1 });
    await flushPromises();
    await wrapper.get('[data-testid="engine-restart"]').trigger('click');
    lab.emit('engine.status', { state: 'ready', generation: 2 });
    await flushPromises();
    expect(wrapper.get('[data-testid="run-status"]').text()).toBe('interrupted');
    expect((wrapper.get('[data-testid="start"]').element as HTMLButtonElement).disabled).toBe(false);
  });
});
