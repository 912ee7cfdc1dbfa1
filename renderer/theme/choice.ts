/**
 * Light or dark: the system's (`prefers-color-scheme`) unless Settings says otherwise. The choice is
 * remembered in localStorage and written on <html data-theme>, which styles.css reads (`color-scheme`
 * decides every `light-dark()` colour); 'system' removes the attribute, so the media query decides.
 */
import { browserStorage, type LocaleStorage } from '../i18n/preference.js';
import { themeChoices, type ThemeChoice } from '../../contract/index.js';

/** The contract's list: the window's host takes the same three words (window.setTheme). */
export const THEME_CHOICES = themeChoices;
export type { ThemeChoice };
export const THEME_STORAGE_KEY = 'backprop-lab.theme';
export const DARK_QUERY = '(prefers-color-scheme: dark)';

export const isThemeChoice = (value: unknown): value is ThemeChoice => (THEME_CHOICES as readonly unknown[]).includes(value);

export function rememberedTheme(storage: LocaleStorage | undefined = browserStorage()): ThemeChoice {
  try {
    const value = storage?.getItem(THEME_STORAGE_KEY);
    return isThemeChoice(value) ? value : 'system';
  } catch {
    // Storage can be unavailable (a sandboxed page): then the system decides.
    return 'system';
  }
}

export function rememberTheme(choice: ThemeChoice, storage: LocaleStorage | undefined = browserStorage()): void {
  try {
    storage?.setItem(THEME_STORAGE_KEY, choice);
  } catch {
    // As above: the choice then lasts until the page closes.
  }
}

/** Writes the choice where the style sheet reads it. */
export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement): void {
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Whether the page is dark with this choice, given the system's preference. */
export const isDark = (choice: ThemeChoice, systemDark: boolean): boolean => choice === 'dark' || (choice === 'system' && systemDark);
