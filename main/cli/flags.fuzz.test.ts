/**
 * Fuzz of every command's flags: a seeded draw of a command, a valid and cheap set of its flags, and one
 * poison put into it (an unknown flag, a flag without its value, a boolean given a value, NaN, ±Infinity,
 * 1e999, an empty string, a fraction or a negative where a whole count belongs, a number past the
 * flag's bound, an unknown name, a 10,000-character string, a path that does not exist). Since the rest
 * is valid, every draw must be refused: a non-zero status and a first line of stderr that says
 * `backprop-lab <command>: ` and names the poisoned flag (or the path), at most 300 characters, with
 * no stack trace and no JavaScript fault in it; nothing is written to the data folder or to --out.
 * In-process (cli() of run-cli.testing.ts), and a few real `node bin/backprop-lab.mjs` runs for the
 * exit status a shell sees. `npm run fuzz` draws FUZZ_COUNT poisons within its time budget.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { encode as encodePng } from 'fast-png';
import { Rng } from '@backprop-lab/core';
import { cli } from './run-cli.testing.js';
import { snapshotTree } from '../../tests/fuzz/fuzz.testing.js';

const ROOT = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'backprop-lab-flags-fuzz-'));
const dataDir = join(work, 'data');
const out = join(work, 'out', 'model.onnx');
const missing = join(work, 'no-such-folder', 'nothing-here.bplab');
const notAModel = join(work, 'not-a-model.bplab');
writeFileSync(notAModel, 'these bytes are no model');
const seedMlp = join(ROOT, 'resources', 'models', 'seed-mlp.bplab');
// A 28×28 grey image with a stroke in it, for predict.
const digitPng = join(work, 'digit.png');
writeFileSync(digitPng, encodePng({ width: 28, height: 28, channels: 1, depth: 8, data: Uint8Array.from({ length: 784 }, (_, i) => (i % 28 === 14 && i > 140 && i < 640 ? 255 : 0)) }));
// A Kaggle-layout CSV of one blank image per class, for dataset import.
const digitsCsv = join(work, 'digits.csv');
writeFileSync(digitsCsv, [['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(','), ...Array.from({ length: 10 }, (_, c) => [c, ...new Array(784).fill(0)].join(','))].join('\n') + '\n');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COUNT = Number(process.env.FUZZ_COUNT ?? 150);
const BUDGET_MS = process.env.FUZZ_COUNT ? Number(process.env.FUZZ_BUDGET_S ?? 600) * 1000 : Infinity;
const LONG = 'x'.repeat(10_000);

/** How a flag's value may be wrong, by the rule the command holds it to. */
type Rule =
  | { kind: 'count' } // a whole number ≥ 1, no upper bound
  | { kind: 'whole'; min?: number; max?: number } // a whole number within bounds
  | { kind: 'positive' } // a number > 0
  | { kind: 'number'; min: number; max: number }
  | { kind: 'choice' }
  | { kind: 'path' } // a file or folder that must exist
  | { kind: 'name' }; // a name to store something under (letters, digits, '.', '_', '-')

interface CommandCase {
  /** The command and a valid, cheap set of its flags (never run: each draw poisons one of them). */
  base: string[];
  flags: Record<string, Rule>;
  /** Its boolean flags (given a value, parseArgs refuses them). */
  booleans: string[];
}

const commands: Record<string, CommandCase> = {
  train: {
    base: ['train', '--preset', 'seed-mlp', '--epochs', '1', '--limit', '64', '--test-limit', '64', '--provider', 'js', '--data-dir', dataDir],
    flags: {
      epochs: { kind: 'count' }, batch: { kind: 'count' }, lr: { kind: 'positive' }, seed: { kind: 'whole', min: 0, max: 2 ** 32 - 1 },
      limit: { kind: 'count' }, 'test-limit': { kind: 'count' }, threads: { kind: 'whole', min: 1, max: 64 },
      optimizer: { kind: 'choice' }, provider: { kind: 'choice' }, preset: { kind: 'choice' }, spec: { kind: 'path' }, resume: { kind: 'path' },
    },
    booleans: ['json'],
  },
  eval: { base: ['eval', '--model', join(ROOT, 'resources', 'models', 'seed-mlp.bplab'), '--limit', '10'], flags: { limit: { kind: 'count' }, model: { kind: 'path' }, data: { kind: 'path' } }, booleans: ['json'] },
  gradcheck: {
    base: ['gradcheck', '--preset', 'seed-mlp', '--samples', '1', '--entries', '2'],
    flags: { samples: { kind: 'count' }, entries: { kind: 'count' }, seed: { kind: 'whole' }, tolerance: { kind: 'positive' }, preset: { kind: 'choice' }, spec: { kind: 'path' } },
    booleans: ['json'],
  },
  bench: {
    base: ['bench', '--skip-tfjs'],
    flags: { 'w1-samples': { kind: 'whole', min: 64, max: 60000 }, 'w2-batches': { kind: 'count' }, 'latency-runs': { kind: 'count' }, workers: { kind: 'whole', min: 1, max: 16 } },
    booleans: ['json', 'skip-tfjs'],
  },
  'bench-kernels': { base: ['bench-kernels'], flags: { seconds: { kind: 'number', min: 0.01, max: 60 }, clock: { kind: 'choice' } }, booleans: ['json'] },
  serve: { base: ['serve', '--data-dir', dataDir], flags: { port: { kind: 'whole', min: 0, max: 65535 } }, booleans: ['in-process'] },
  export: {
    base: ['export', '--model', 'bundled:seed-mlp', '--format', 'onnx', '--out', out, '--data-dir', dataDir],
    flags: { format: { kind: 'choice' }, model: { kind: 'path' } }, booleans: [],
  },
  import: { base: ['import', notAModel, '--data-dir', dataDir], flags: {}, booleans: [] },
  race: { base: ['race'], flags: {}, booleans: ['json'] },
  predict: { base: ['predict', '--model', seedMlp, digitPng], flags: { model: { kind: 'path' } }, booleans: ['json'] },
  experiment: {
    base: ['experiment', 'xor', '--iterations', '10', '--provider', 'js'],
    flags: {
      iterations: { kind: 'whole', min: 10, max: 20000 }, 'learning-rate': { kind: 'number', min: 0.0001, max: 1 }, init: { kind: 'choice' },
      seed: { kind: 'whole', min: 0, max: 2 ** 32 - 1 }, provider: { kind: 'choice' },
    },
    booleans: ['json'],
  },
  'dataset import': { base: ['dataset', 'import', digitsCsv, '--name', 'mine', '--data-dir', dataDir], flags: { name: { kind: 'name' } }, booleans: ['json'] },
  'dataset list': { base: ['dataset', 'list', '--data-dir', dataDir], flags: {}, booleans: ['json'] },
};

/** Values that break `rule`, each refused whatever else the command is given. */
function poisonsFor(rule: Rule): string[] {
  const notNumbers = ['NaN', 'Infinity', '-Infinity', '1e999', '', 'abc', '0x', LONG];
  switch (rule.kind) {
    case 'count':
      return [...notNumbers, '0', '-1', '1.5', '-0.5'];
    case 'whole':
      return [...notNumbers, '1.5', ...(rule.min !== undefined ? [String(rule.min - 1)] : []), ...(rule.max !== undefined ? [String(rule.max + 1), '1e20'] : [])];
    case 'positive':
      return [...notNumbers, '0', '-0', '-1e-9'];
    case 'number':
      return [...notNumbers, String(rule.min / 2), String(rule.max * 2)];
    case 'choice':
      return ['no-such-name', '', LONG, '__proto__', 'constructor'];
    case 'path':
      return [missing, ''];
    case 'name':
      return ['', LONG, '../outside', 'a/b', 'two words', '.'];
  }
}

interface Draw {
  argv: string[];
  /** What the refusal must name: the flag, or the path it was given. */
  names: string[];
}

/** One poisoned argv: the command's base with one flag added, replaced or broken. */
function draw(rng: Rng): Draw {
  const name = Object.keys(commands)[rng.int(Object.keys(commands).length)]!;
  const command = commands[name]!;
  const [head, ...flags] = command.base;
  /** `extra` put between two of `args`' flags (never between a flag and its value). */
  const insert = (extra: string[], args = flags) => {
    const places = [...args.keys(), args.length].filter((i) => i === args.length || args[i]!.startsWith('--') || i === 0);
    const at = pick(rng, places);
    return [head!, ...args.slice(0, at), ...extra, ...args.slice(at)];
  };
  const without = (flag: string) => {
    const i = flags.indexOf(`--${flag}`);
    return i < 0 ? flags : [...flags.slice(0, i), ...flags.slice(i + 2)];
  };
  const valued = Object.keys(command.flags);
  switch (valued.length > 0 ? rng.int(6) : rng.int(3)) {
    case 0: {
      const flag = pick(rng, ['frobnicate', 'epoch', 'JSON', LONG.slice(0, 300), 'data_dir']);
      return { argv: insert([`--${flag}`, ...(rng.next() < 0.5 ? ['1'] : [])]), names: [`--${flag.slice(0, 40)}`] };
    }
    case 1: {
      // A value flag last, with no value after it.
      if (valued.length === 0) return { argv: [head!, ...flags, '--data-dir'], names: ['--data-dir'] };
      const flag = pick(rng, valued);
      return { argv: [head!, ...without(flag), `--${flag}`], names: [`--${flag}`] };
    }
    case 2: {
      if (command.booleans.length === 0) return { argv: insert(['--frobnicate=1']), names: ['--frobnicate'] };
      const flag = pick(rng, command.booleans);
      return { argv: [head!, ...flags.filter((f) => f !== `--${flag}`), `--${flag}=${pick(rng, ['yes', '0', ''])}`], names: [`--${flag}`] };
    }
    default: {
      // One of its value flags given a value its rule refuses, in place of the base's own value.
      const flag = pick(rng, valued);
      const value = pick(rng, poisonsFor(command.flags[flag]!));
      const kind = command.flags[flag]!.kind;
      // A refused name is named quoted: a bare '.' would be found in almost any line.
      const named = kind === 'path' ? value : kind === 'name' ? JSON.stringify(value) : undefined;
      const names = named !== undefined && value !== '' ? [`--${flag}`, named] : [`--${flag}`];
      return { argv: insert(rng.next() < 0.5 ? [`--${flag}`, value] : [`--${flag}=${value}`], without(flag)), names };
    }
  }
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)]!;
}

/** A JavaScript fault in our words, or a stack frame: what a refusal must never show. */
const RAW = /\n\s+at .+:\d+:\d+|TypeError|RangeError|ReferenceError|Cannot read propert|is not a function|of undefined|\[object Object\]/;

function faultOf(argv: string[], result: { code: number; stderr: string }, names: string[]): string | null {
  const [first = ''] = result.stderr.split('\n');
  if (result.code === 0) return 'accepted';
  if (RAW.test(result.stderr)) return `a stack trace or a JavaScript fault: ${result.stderr.slice(0, 300)}`;
  if (!first.startsWith(`backprop-lab ${argv[0]}: `)) return `the first line is not the command's error: ${first.slice(0, 200)}`;
  if (first.length > 300) return `a first line of ${first.length} characters`;
  if (!names.some((name) => first.includes(name.slice(0, 60)))) return `the error does not name ${names.map((n) => n.slice(0, 60)).join(' or ')}: ${first}`;
  // A usage error is its line, a blank line and the command's usage; any other refusal is one line.
  if (result.code === 1 && result.stderr.trimEnd().includes('\n')) return `more than one line: ${result.stderr.slice(0, 300)}`;
  return null;
}

describe('fuzz: every command\'s flags', () => {
  it(`${COUNT} poisoned command lines are each refused with one clear line naming the flag, writing nothing`, async () => {
    const rng = new Rng(Number(process.env.FUZZ_SEED) || 20261201);
    const before = snapshotTree(work);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const start = performance.now();
    for (let i = 0; i < COUNT && performance.now() - start < BUDGET_MS; i++) {
      const { argv, names } = draw(rng);
      const result = await cli(...argv);
      statuses.set(result.code, (statuses.get(result.code) ?? 0) + 1);
      const fault = faultOf(argv, result, names);
      if (fault) failures.push(`${argv.map((a) => a.slice(0, 40)).join(' ')}: ${fault}`);
      if (!existsSync(work) || snapshotTree(work).size !== before.size) failures.push(`${argv.join(' ').slice(0, 200)}: the work folder changed`);
    }
    if (process.env.FUZZ_VERBOSE) console.log(`CLI flags: ${[...statuses].map(([code, n]) => `${n} × exit ${code}`).join(', ')}`);
    expect(failures).toEqual([]);
    expect(snapshotTree(work)).toEqual(before);
    expect(existsSync(out)).toBe(false);
    // Both kinds of refusal were reached: usage errors (2) and errors of the work itself (1).
    expect([...statuses.keys()].sort()).toEqual([1, 2]);
  });

  it('a real process exits 2 on a bad flag and 1 on a missing file, with the same first line', async () => {
    const run = promisify(execFile);
    const node = async (...argv: string[]) => {
      try {
        await run(process.execPath, [join(ROOT, 'bin', 'backprop-lab.mjs'), ...argv], { cwd: ROOT });
        return { code: 0, stderr: '' };
      } catch (error) {
        const { code, stderr } = error as { code: number; stderr: string };
        return { code, stderr };
      }
    };
    const usage = await node('train', '--preset', 'seed-mlp', '--epochs', 'NaN', '--data-dir', dataDir);
    expect(usage.code).toBe(2);
    expect(usage.stderr.split('\n')[0]).toBe('backprop-lab train: --epochs must be an integer, got "NaN"');
    const absent = await node('eval', '--model', missing);
    expect(absent.code).toBe(1);
    expect(faultOf(['eval'], absent, [missing])).toBeNull();
    const unknown = await node('export', '--model', 'bundled:seed-mlp', '--out', out, '--colour', 'red');
    expect(unknown.code).toBe(2);
    expect(faultOf(['export'], unknown, ['--colour'])).toBeNull();
    expect(existsSync(out)).toBe(false);
    expect(snapshotTree(dataDir).size).toBe(0);
  });
});
