/**
 * Which language the app starts in: the one the user chose in Settings (remembered in localStorage),
 * else the system's (Electron's app.getLocale(), passed by the preload bridge, then the browser's
 * navigator.languages), else English.
 */
import { isLocale, pickLocale, type Locale } from './languages.js';

export const LOCALE_STORAGE_KEY = 'backprop-lab.locale';

/** The part of Storage used here (localStorage in the app, a stand-in in tests). */
export type LocaleStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function rememberedLocale(storage: LocaleStorage | undefined): Locale | undefined {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    // Storage can be unavailable (a sandboxed page); then nothing is remembered.
    return undefined;
  }
}

export function rememberLocale(storage: LocaleStorage | undefined, locale: Locale): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // As above: the choice then lasts until the page closes.
  }
}

export function initialLocale(storage: LocaleStorage | undefined, systemLanguages: readonly (string | undefined)[]): Locale {
  return rememberedLocale(storage) ?? pickLocale(systemLanguages.filter((tag): tag is string => typeof tag === 'string' && tag !== ''));
}

/** The page's localStorage, or undefined where reading it throws (storage disabled). */
export function browserStorage(): LocaleStorage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
