/**
 * No renderer script holds user-visible English (or any words) the locale files should hold: chart
 * options' titles, series and axis names, a toast's message, a choice's label, text put into an element,
 * a browser dialog's question. One test per file, so a failure names the file and the lines. The
 * templates have their own test (template-literals.test.ts); every code of the engine's and the
 * contract's catalogues is translated in both languages (renderer/i18n/locales.test.ts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'vue/compiler-sfc';
import { scriptLiterals } from './script-literals.js';

const root = resolve(import.meta.dirname, '..', '..');

/** The renderer's .vue and .ts files that run in the page (tests and test helpers left out). */
function pageFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return pageFiles(path);
    const page = /\.(vue|ts)$/.test(entry) && !/\.(test|testing)\.ts$/.test(entry) && !entry.endsWith('.d.ts');
    return page ? [relative(root, path).split('\\').join('/')] : [];
  });
}

/** The script blocks of a file, each with the line it starts on. */
function scriptsOf(file: string, source: string): Array<{ content: string; line: number }> {
  if (!file.endsWith('.vue')) return [{ content: source, line: 1 }];
  const { descriptor } = parse(source, { filename: file });
  return [descriptor.script, descriptor.scriptSetup].flatMap((block) => (block ? [{ content: block.content, line: block.loc.start.line }] : []));
}

describe('the script literal finder', () => {
  it('finds words given to shown properties, put into elements and asked in dialogs, and nothing else', () => {
    const sample = [
      "const option = { title: { text: 'Loss per epoch' }, series: [{ name: 'train', type: 'line' }, { name: 'Validation set' }] };",
      "const axis = { name: t('train.chart.epoch'), formatter: (v: number) => `${v} samples/s` };",
      "const toast = { message: busy ? 'Restarting…' : t('app.restart'), kind: 'Error Kind' };",
      "element.textContent = 'Drop a file here';",
      "if (!confirm('Delete every run?')) return;",
      "const key = { title: `train.section.${name}.title`, label: '训练' };",
    ].join('\n');
    expect(scriptLiterals(sample).map((l) => `${l.line}: ${l.text}`)).toEqual([
      '1: Loss per epoch', '1: Validation set', '2:  samples/s', '3: Restarting…', '4: Drop a file here', '5: Delete every run?', '6: 训练',
    ]);
  });
});

describe('renderer scripts hold no literal user-visible string', () => {
  for (const file of pageFiles(join(root, 'renderer'))) {
    const source = readFileSync(join(root, file), 'utf8');
    const literals = scriptsOf(file, source).flatMap(({ content, line }) => scriptLiterals(content, line)).map((l) => `line ${l.line}: ${l.text}`);
    it(`${file} takes every shown word from the locale files`, () => {
      expect(literals).toEqual([]);
    });
  }
});
