/**
 * The app's words: vue-i18n in composition mode, one JSON file per area and language under
 * `locales/<locale>/<area>.json` (the file name is the key's first segment: `draw.json` holds `draw.*`).
 * A new area needs only its two files; this module collects whatever is there.
 *
 * One area is not a file in English: `errors.*`, the engine's and the contract's messages by code, is
 * core's and the contract's own English catalogue (one source of truth); `zh-CN/errors.json` translates it.
 */
import { createI18n } from 'vue-i18n';
import { engineMessages } from '@backprop-lab/core';
import { contractMessages } from '../../contract/index.js';
import { LOCALES, type Locale } from './languages.js';

export { LOCALES, isLocale, pickLocale, type Locale } from './languages.js';

/** A locale file: nested keys ending in message strings. */
export type Messages = { [key: string]: string | Messages };

const files = import.meta.glob<Messages>('./locales/*/*.json', { eager: true, import: 'default' });

/** `{ en: { draw: {...}, train: {...} }, 'zh-CN': {...} }` from the files above. */
export function collectMessages(found: Record<string, Messages> = files): Record<Locale, Messages> {
  const messages = Object.fromEntries(LOCALES.map((locale) => [locale, {} as Messages])) as Record<Locale, Messages>;
  for (const [path, content] of Object.entries(found)) {
    const match = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
    if (!match) continue;
    const [, locale, area] = match as unknown as [string, Locale, string];
    if (!(LOCALES as readonly string[]).includes(locale)) throw new Error(`locale folder ${locale} is not one of ${LOCALES.join(', ')}`);
    messages[locale][area] = content;
  }
  return messages;
}

const numberFormats = {
  percent: { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 },
  integer: { maximumFractionDigits: 0 },
  decimal: { maximumFractionDigits: 4 },
} as const;

const datetimeFormats = {
  short: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
} as const;

/** `{ 'field.whole': … }` as nested keys (`field: { whole: … }`), as vue-i18n looks them up. */
export function nestCodes(catalogue: Record<string, string>): Messages {
  const nested: Messages = {};
  for (const [code, text] of Object.entries(catalogue)) {
    const parts = code.split('.');
    let node = nested;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Messages;
    node[parts.at(-1)!] = text;
  }
  return nested;
}

/** Every message of the app by language: the locale files, and English `errors.*` from the catalogues. */
export function labMessages(found?: Record<string, Messages>): Record<Locale, Messages> {
  const messages = collectMessages(found);
  messages.en.errors = nestCodes({ ...engineMessages, ...contractMessages });
  return messages;
}

function buildI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: labMessages(),
    numberFormats: { en: numberFormats, 'zh-CN': numberFormats },
    datetimeFormats: { en: datetimeFormats, 'zh-CN': datetimeFormats },
  });
}

export type LabI18n = ReturnType<typeof buildI18n>;

let active: LabI18n | undefined;

export function createLabI18n(locale: Locale): LabI18n {
  active = buildI18n(locale);
  return active;
}

/**
 * The installed i18n's translator, for code outside components (stores translating an error). The last
 * one created is the app's: main.ts and the component tests' setup each create one.
 */
export function activeI18n() {
  if (!active) throw new Error('i18n is not installed: createLabI18n() runs before the app mounts');
  return active.global;
}
