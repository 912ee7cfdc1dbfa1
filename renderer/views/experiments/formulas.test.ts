/**
 * Every experiment's formulas render with KaTeX in both languages: each `\word{key}` has its words in
 * both locale files, none is left unreplaced, and the TeX is valid (KaTeX throws on an error here).
 */
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import en from '../../i18n/locales/en/experiments.json';
import zh from '../../i18n/locales/zh-CN/experiments.json';
import { formulas, withWords } from './formulas';

const words: Record<string, Record<string, string>> = { en: en.formulaWords, 'zh-CN': zh.formulaWords };

describe('the experiments’ formulas', () => {
  for (const [locale, table] of Object.entries(words)) {
    it(`render in ${locale}, every word inside them translated`, () => {
      for (const [id, lines] of Object.entries(formulas)) {
        for (const tex of lines) {
          const missing: string[] = [];
          const filled = withWords(tex, (key) => table[key] ?? (missing.push(key), key));
          expect(missing, `${id}: ${tex}`).toEqual([]);
          expect(filled).not.toContain('\\word');
          expect(() => katex.renderToString(filled, { displayMode: true, throwOnError: true, output: 'html' }), `${id}: ${filled}`).not.toThrow();
        }
      }
    });
  }

  it('puts the page’s words in place of each marker', () => {
    expect(withWords(String.raw`\word{relativeError} = 1`, (key) => words['zh-CN']![key]!)).toBe(String.raw`\text{相对误差} = 1`);
  });
});
