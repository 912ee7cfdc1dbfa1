/**
 * The app's words as the specs expect to see them: read from the same locale files the renderer bundles
 * (renderer/i18n/locales/<locale>/<area>.json), so a spec asserts `t('app.engine.stopped')` and runs
 * unchanged in both languages. Interpolates `{name}` placeholders as vue-i18n does.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locale } from '../renderer/i18n/languages.js';
import { repositoryRoot } from './environment.js';
import { engineMessages } from '@backprop-lab/core';
import { contractMessages } from '../contract/index.js';

type Messages = { [key: string]: string | Messages };

const localesDir = join(repositoryRoot, 'renderer', 'i18n', 'locales');

export function loadMessages(locale: Locale): Messages {
  const dir = join(localesDir, locale);
  const messages: Messages = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    messages[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Messages;
  }
  return messages;
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const messages = loadMessages(locale);
  // English errors.* are the engine's and the contract's catalogues themselves, as the renderer has them.
  const catalogue: Record<string, string> = { ...engineMessages, ...contractMessages };
  return (key, params = {}) => {
    let node: string | Messages | undefined = messages;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (node === undefined && locale === 'en' && key.startsWith('errors.')) node = catalogue[key.slice('errors.'.length)];
    if (typeof node !== 'string') throw new Error(`no message ${key} in ${locale}`);
    return node.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };
}
