/**
 * The import rules of docs/architecture.md: core/ imports no Node built-in and nothing from main/,
 * preload/ or renderer/; renderer/ imports no Node built-in and reaches main/ only through the contract.
 * Tests and their support modules (`*.testing.ts`: the engine in memory for the renderer's tests) may
 * reach anything, and only tests import the support modules, so none of it ends up in the app.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const nodeBuiltins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'node_modules') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(entry) ? [path] : [];
  });
}

/** Every module specifier in static imports, re-exports and dynamic imports with a literal. */
export function importsOf(source: string): string[] {
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  return [...source.matchAll(pattern)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

/** A test, or a module only tests import (its name ends in `.testing.ts`). */
const isTestCode = (file: string) => /\.(test|testing)\.ts$/.test(file);

function roomOf(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return relative(root, resolve(dirname(file), specifier)).split(/[\\/]/)[0] ?? null;
}

function violations(room: string, forbiddenRooms: string[], allow: (file: string, spec: string) => boolean = () => false) {
  const found: string[] = [];
  for (const file of sourceFiles(join(root, room))) {
    if (isTestCode(file)) continue;
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (allow(file, specifier)) continue;
      const target = roomOf(file, specifier);
      if (nodeBuiltins.has(specifier) || (target && forbiddenRooms.includes(target))) {
        found.push(`${relative(root, file)} imports ${specifier}`);
      }
    }
  }
  return found;
}

describe('room boundaries', () => {
  it('finds imports of every form (the checker itself)', () => {
    const sample = `import fs from 'node:fs';\nexport { x } from '../main/y.js';\nconst m = await import('path');\nimport './side.js';`;
    expect(importsOf(sample)).toEqual(['node:fs', '../main/y.js', 'path', './side.js']);
  });

  it('core imports no Node built-in and nothing from main, preload or renderer', () => {
    expect(violations('core', ['main', 'preload', 'renderer'])).toEqual([]);
  });

  it('renderer imports no Node built-in and reaches main only through the contract', () => {
    const throughContract = (_file: string, specifier: string) => /(^|\/)contract\//.test(specifier);
    expect(violations('renderer', ['main', 'preload'], throughContract)).toEqual([]);
  });

  it('hosts reach the engine only through the @backprop-lab/core index', () => {
    for (const room of ['contract', 'main', 'preload', 'renderer', 'scripts', 'e2e']) {
      const intoCore = violations(room, ['core']).filter((line) => / imports \./.test(line));
      expect(intoCore, room).toEqual([]);
    }
  });

  it('test support (*.testing.ts) is imported by tests and other test support only', () => {
    const found: string[] = [];
    for (const room of ['core', 'contract', 'main', 'preload', 'renderer', 'scripts', 'e2e', 'tests']) {
      for (const file of sourceFiles(join(root, room))) {
        if (isTestCode(file)) continue;
        found.push(...importsOf(readFileSync(file, 'utf8')).filter((spec) => /\.testing(\.[jt]s)?$/.test(spec)).map((spec) => `${relative(root, file)} imports ${spec}`));
      }
    }
    expect(found).toEqual([]);
  });

  it('the renderer builds its LabApi only over the engine\'s transport: no hand-written fake for its tests', () => {
    // The app's one client is api/websocket.ts (Electron's preload exposes its own); component tests get
    // the real EngineService in memory, bound in lab-in-memory.testing.ts. A third binder would be a fake.
    const binders = sourceFiles(join(root, 'renderer'))
      .filter((file) => /\bbindLabApi\s*\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(root, file));
    expect(binders.sort()).toEqual(['renderer/api/websocket.ts', 'renderer/testing/lab-in-memory.testing.ts']);
  });

  it('the contract imports nothing from main, preload or renderer', () => {
    expect(violations('contract', ['main', 'preload', 'renderer'])).toEqual([]);
  });

  it('the engine package exports only its index', async () => {
    const manifest = JSON.parse(readFileSync(join(root, 'core/package.json'), 'utf8')) as { exports: object };
    expect(manifest.exports).toEqual({ '.': './index.ts' });
  });
});
