/**
 * Every key in one language exists in the other, with the same {placeholders}, reported per area file;
 * the engine's and the contract's error codes are all translated; every message renders.
 */
import { describe, expect, it } from 'vitest';
import { engineMessages } from '@backprop-lab/core';
import { contractMessages } from '../../contract/index.js';
import { collectMessages, createLabI18n, labMessages, nestCodes, pickLocale, type Messages } from './index.js';
import { initialLocale, rememberLocale, LOCALE_STORAGE_KEY } from './preference.js';

/** `{ 'nav.draw': 'Draw', … }` from nested messages. */
function flatten(messages: Messages, prefix = ''): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat[path] = value;
    else Object.assign(flat, flatten(value, path));
  }
  return flat;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
}

const messages = labMessages();
const areas = [...new Set([...Object.keys(messages.en), ...Object.keys(messages['zh-CN'])])].sort();

describe('locale completeness', () => {
  it('both languages have the same area files', () => {
    const files = collectMessages();
    expect(Object.keys(files['zh-CN']).filter((area) => area !== 'errors').sort()).toEqual(Object.keys(files.en).sort());
  });

  for (const area of areas) {
    it(`${area}: every key in both languages, with the same placeholders`, () => {
      const en = flatten(messages.en[area] as Messages ?? {});
      const zh = flatten(messages['zh-CN'][area] as Messages ?? {});
      expect(Object.keys(zh).filter((key) => !(key in en)), `keys only in zh-CN/${area}.json`).toEqual([]);
      expect(Object.keys(en).filter((key) => !(key in zh)), `keys only in en/${area}.json`).toEqual([]);
      const differing = Object.keys(en).filter((key) => key in zh && placeholders(en[key]!).join() !== placeholders(zh[key]!).join());
      expect(differing, `${area}: keys whose placeholders differ`).toEqual([]);
    });
  }

  it('English errors are the engine and contract catalogues themselves, so every code is covered', () => {
    expect(flatten(messages.en.errors as Messages)).toEqual(flatten(nestCodes({ ...engineMessages, ...contractMessages })));
    expect(Object.keys(flatten(messages['zh-CN'].errors as Messages)).sort()).toEqual(Object.keys({ ...engineMessages, ...contractMessages }).sort());
  });

  it('every message renders in both languages with its placeholders filled', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { t } = createLabI18n(locale).global;
      for (const [key, text] of Object.entries(flatten(messages[locale]))) {
        const params = Object.fromEntries(placeholders(text).map((name) => [name, `<${name}>`]));
        const rendered = t(key, params);
        expect(rendered, `${locale} ${key}`).not.toMatch(/\{\w+\}/);
        for (const name of Object.keys(params)) expect(rendered, `${locale} ${key}`).toContain(`<${name}>`);
      }
    }
    createLabI18n('en');
  });
});

describe('which language the app starts in', () => {
  const memory = (initial?: string) => {
    const stored = new Map<string, string>(initial ? [[LOCALE_STORAGE_KEY, initial]] : []);
    return { getItem: (key: string) => stored.get(key) ?? null, setItem: (key: string, value: string) => void stored.set(key, value) };
  };

  it('the first time, the system language: Electron locale first, then the browser list', () => {
    expect(initialLocale(memory(), ['zh-CN', 'en-US'])).toBe('zh-CN');
    expect(initialLocale(memory(), [undefined, 'zh-TW', 'en'])).toBe('zh-CN');
    expect(initialLocale(memory(), ['en-GB', 'zh-CN'])).toBe('en');
    expect(initialLocale(memory(), ['de-DE', 'fr'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('a language chosen in Settings wins over the system; a stored value that is not a locale does not', () => {
    const storage = memory();
    rememberLocale(storage, 'en');
    expect(initialLocale(storage, ['zh-CN'])).toBe('en');
    expect(initialLocale(memory('klingon'), ['zh-CN'])).toBe('zh-CN');
  });

  it('storage that throws counts as nothing remembered', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('denied'); } };
    expect(() => rememberLocale(broken, 'en')).not.toThrow();
    expect(initialLocale(broken, ['zh-CN'])).toBe('zh-CN');
  });
});
