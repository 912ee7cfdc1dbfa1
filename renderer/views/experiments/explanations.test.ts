/**
 * Every experiment's explanation reaches the page whole in both languages: a `|` in a message is
 * vue-i18n's plural separator, so an unescaped |w| once left only "w" of a paragraph. The rendered text
 * must equal the locale file's text with its literal `{'|'}` read as `|`.
 */
import { describe, expect, it } from 'vitest';
import { listExperiments } from '@backprop-lab/core';
import en from '../../i18n/locales/en/experiments.json';
import zh from '../../i18n/locales/zh-CN/experiments.json';
import { createLabI18n } from '../../i18n';

const files = { en, 'zh-CN': zh } as const;

describe('the experiments’ explanations', () => {
  for (const [locale, file] of Object.entries(files) as [keyof typeof files, (typeof files)[keyof typeof files]][]) {
    it(`read whole in ${locale}`, () => {
      const { global } = createLabI18n(locale);
      for (const { id } of listExperiments()) {
        const written = (file as unknown as Record<string, { explanation: string }>)[id]!.explanation;
        expect(global.t(`experiments.${id}.explanation`), id).toBe(written.replaceAll("{'|'}", '|'));
      }
    });
  }
});
