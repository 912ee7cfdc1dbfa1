/**
 * The app's words: vue-i18n in composition mode, one JSON file per area and language under
 * `locales/<locale>/<area>.json` (the file name is the key's first segment: `draw.json` holds `draw.*`).
 * A new area needs only its two files; this module collects whatever is there.
 */
import { createI18n } from 'vue-i18n';
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

export function createLabI18n(locale: Locale) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: collectMessages(),
    numberFormats: { en: numberFormats, 'zh-CN': numberFormats },
    datetimeFormats: { en: datetimeFormats, 'zh-CN': datetimeFormats },
  });
}
