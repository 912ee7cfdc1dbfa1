// @vitest-environment happy-dom
/** The theme choice: read back from storage (anything unknown is 'system'), written on <html>, and dark or not. */
import { describe, expect, it } from 'vitest';
import { applyTheme, isDark, rememberedTheme, rememberTheme, THEME_STORAGE_KEY } from './choice.js';

function storage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial));
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), values };
}

describe('theme choice', () => {
  it('remembers light, dark and system, and reads anything else (or nothing, or a failing storage) as system', () => {
    const store = storage();
    expect(rememberedTheme(store)).toBe('system');
    rememberTheme('dark', store);
    expect(store.values.get(THEME_STORAGE_KEY)).toBe('dark');
    expect(rememberedTheme(store)).toBe('dark');
    expect(rememberedTheme(storage({ [THEME_STORAGE_KEY]: 'sepia' }))).toBe('system');
    const failing = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(rememberedTheme(failing)).toBe('system');
    expect(() => rememberTheme('light', failing)).not.toThrow();
  });

  it('writes light and dark on <html data-theme>, and removes it for system', () => {
    const root = document.createElement('html');
    applyTheme('dark', root);
    expect(root.getAttribute('data-theme')).toBe('dark');
    applyTheme('light', root);
    expect(root.getAttribute('data-theme')).toBe('light');
    applyTheme('system', root);
    expect(root.hasAttribute('data-theme')).toBe(false);
  });

  it('is dark for dark, never for light, and as the system says for system', () => {
    expect([isDark('dark', false), isDark('light', true), isDark('system', true), isDark('system', false)]).toEqual([true, false, true, false]);
  });
});
