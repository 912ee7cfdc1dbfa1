/**
 * The window's native parts (menus, dialogs, scrollbars, the title bar) in the theme chosen in Settings:
 * Electron's `nativeTheme.themeSource` is the same three words as the choice ('system' lets the operating
 * system decide again). The page sends `window.setTheme` at start and on every change (route-ipc.ts).
 */
import { nativeTheme } from 'electron';
import type { ThemeChoice } from '../../contract/index.js';

/** `nativeTheme.themeSource` for a Settings choice: Electron's values are the choice's own words. */
export function themeSourceOf(choice: ThemeChoice): typeof nativeTheme.themeSource {
  switch (choice) {
    case 'system': return 'system';
    case 'light': return 'light';
    case 'dark': return 'dark';
  }
}

export function followTheme(choice: ThemeChoice): void {
  nativeTheme.themeSource = themeSourceOf(choice);
}
