/**
 * No template holds a literal user-visible string: every word comes from the locale files (in both
 * languages). One test per component, so a failure names the file and the lines.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringLiteralsOf, templateLiterals } from './template-literals.js';

const root = resolve(import.meta.dirname, '..', '..');

function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return vueFiles(path);
    return entry.endsWith('.vue') ? [relative(root, path).split('\\').join('/')] : [];
  });
}



describe('the literal finder', () => {
  it('finds text, visible attributes and shown string literals, and nothing else', () => {
    const sample = `<template>
  <section>
    <h1>Settings</h1>
    <button :title="t('app.x')" aria-label="Close">{{ t('app.close') }}</button>
    <input placeholder="Your name" data-testid="name-field" class="wide" />
    <span>{{ busy ? 'Restarting…' : t('app.restart') }}</span>
    <span>{{ kind === 'auto' ? t('a') : kind }} · {{ n(3) }} — ∂</span>
    <code translate="no">npx backprop-lab serve</code>
    <ConfirmButton label="Delete" :question="t('q')" />
    <p>{{ \`\${count} samples/s\` }}</p>
  </section>
</template>`;
    expect(templateLiterals(sample).map((l) => `${l.line}: ${l.text}`)).toEqual([
      '3: Settings', '4: aria-label="Close"', '5: placeholder="Your name"', '6: Restarting…', '9: label="Delete"', '10:  samples/s',
    ]);
  });

  it('leaves out the keys of t() and codes compared in expressions', () => {
    expect(stringLiteralsOf("t('settings.title') + (x === 'auto' ? \"Loading now\" : '')")).toEqual(['Loading now']);
    expect(stringLiteralsOf('te(`errors.${code}`) ? t(`errors.${code}`, p) : "训练"')).toEqual(['训练']);
  });
});

describe('templates hold no literal user-visible string', () => {
  const files = vueFiles(join(root, 'renderer'));

  for (const file of files) {
    const literals = templateLiterals(readFileSync(join(root, file), 'utf8'), file).map((l) => `line ${l.line}: ${l.text}`);
    it(`${file} takes every word from the locale files`, () => {
      expect(literals).toEqual([]);
    });
  }
});
