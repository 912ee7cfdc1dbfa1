// @vitest-environment happy-dom
/**
 * The first-run guide in the app shell (real EngineService in memory): shown until dismissed, three
 * actions that open their views, dismissal by button, close or Escape, remembered in storage (a fresh
 * page reads it back), and Settings shows it again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { presets } from '@backprop-lab/core';
import App from '../App.vue';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../api';
import { useWelcome } from '../composables/useWelcome';
import { WELCOME_STORAGE_KEY } from '../composables/welcome-storage';

let wrapper: VueWrapper | null = null;
beforeEach(() => {
  localStorage.clear();
  useWelcome().showAgain();
});
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  window.location.hash = '';
});

async function mountApp(): Promise<VueWrapper> {
  const stand = createStandInBackend();
  stand.backend.presets = () => Object.values(presets).map((preset) => structuredClone(preset));
  provideLab(createInMemoryLab(stand.backend).api);
  const pinia = createPinia();
  setActivePinia(pinia);
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('welcome guide', () => {
  it('shows three actions on a first run, each opening its view', async () => {
    const app = await mountApp();
    const actions = app.findAll('[data-testid="welcome"] .action');
    expect(actions.map((button) => button.find('strong').text())).toEqual(['Draw a digit', 'Try an experiment', "Train the course's network"]);
    for (const view of ['experiments', 'train', 'draw']) {
      await app.get(`[data-testid="welcome-${view}"]`).trigger('click');
      await flushPromises();
      expect(window.location.hash).toBe(`#/${view}`);
      expect(app.find(`[data-testid="view-${view}"]`).exists()).toBe(true);
    }
    // The guide stays until dismissed: choosing an action is not dismissing it.
    expect(app.find('[data-testid="welcome"]').exists()).toBe(true);
  });

  it.each(['welcome-dismiss', 'welcome-close'])('%s hides it and the choice is stored', async (button) => {
    const app = await mountApp();
    await app.get(`[data-testid="${button}"]`).trigger('click');
    expect(app.find('[data-testid="welcome"]').exists()).toBe(false);
    expect(localStorage.getItem(WELCOME_STORAGE_KEY)).toBe('yes');
  });

  it('Escape inside the guide hides it', async () => {
    const app = await mountApp();
    await app.get('[data-testid="welcome-draw"]').trigger('keydown', { key: 'Escape' });
    expect(app.find('[data-testid="welcome"]').exists()).toBe(false);
  });

  it('a fresh page reads the dismissal back from storage', async () => {
    localStorage.setItem(WELCOME_STORAGE_KEY, 'yes');
    vi.resetModules();
    const fresh = await import('../composables/useWelcome');
    expect(fresh.useWelcome().shown.value).toBe(false);
    localStorage.setItem(WELCOME_STORAGE_KEY, 'no');
    vi.resetModules();
    expect((await import('../composables/useWelcome')).useWelcome().shown.value).toBe(true);
  });

  it('Settings shows it again after it was dismissed', async () => {
    const app = await mountApp();
    await app.get('[data-testid="welcome-dismiss"]').trigger('click');
    await app.get('[data-testid="nav-settings"]').trigger('click');
    await flushPromises();
    await app.get('[data-testid="show-welcome"]').trigger('click');
    expect(app.find('[data-testid="welcome"]').exists()).toBe(true);
    expect(localStorage.getItem(WELCOME_STORAGE_KEY)).toBe('no');
  });
});
