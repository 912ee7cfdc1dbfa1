// @vitest-environment happy-dom
/** Choosing a theme in Settings colours the page at once and tells the window, so its native parts follow. */
import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import SettingsView from './SettingsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  delete document.documentElement.dataset.theme;
  localStorage.clear();
});

describe('Settings: theme', () => {
  it('each choice is written on <html>, remembered and sent to the window as window.setTheme', async () => {
    const mounted = await mountOnLab(SettingsView);
    wrapper = mounted.wrapper;
    const select = wrapper.get('[data-testid="theme-select"]');
    await select.setValue('dark');
    await mounted.lab.settle();
    expect(document.documentElement.dataset.theme).toBe('dark');
    await select.setValue('system');
    await mounted.lab.settle();
    expect(document.documentElement.hasAttribute('data-theme')).toBe(false);
    expect(mounted.lab.callsOf('window.setTheme')).toEqual([{ theme: 'dark' }, { theme: 'system' }]);
  });
});
