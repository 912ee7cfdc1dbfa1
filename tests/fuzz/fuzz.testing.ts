/**
 * The fuzz suite's one runner, used by every `*.fuzz.test.ts` beside the reader it checks: `count`
 * seeded inputs (truncations of each seed at its structural boundaries first, then mutations: bytes
 * by mutate.ts, JSON by mutate-json.ts), each read once. An input fails when
 *   - the reader throws anything but the project's own error kinds (a TypeError, a RangeError, a stack
 *     overflow), or one of ours whose message carries a raw JavaScript fault or does not name the
 *     file or field (`mentions`);
 *   - the process holds more array-buffer memory after the read than the limits allow (a dims product
 *     of 10^12 must be refused before allocating);
 *   - the reader leaves the folders it was given (`unchanged`) different from before a refusal;
 *   - for a reader whose refusals are data (`coded`), the error carries no code of core/messages.ts, a
 *     generic one (`*.invalid`, whose words are the English text), or params that leave one of its
 *     template's `{name}`s unfilled (the app could not word it); refusals are then counted by code.
 * A hang shows as the test's timeout. `FUZZ_COUNT=N` runs N inputs per reader (npm run fuzz) and then
 * writes each failing input to fuzz-failures/<reader>-<n>.bin; the time budget only bounds a run's
 * length, it is never a pass/fail threshold.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, lstatSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { engineMessages, isMessageCode, Rng, readLimits } from '@backprop-lab/core';
import { mutate } from './mutate.js';
import { mutateJson } from './mutate-json.js';

export interface FuzzReader {
  name: string;
  /** Well-formed inputs, each of which the reader accepts. */
  seeds: Uint8Array[];
  read: (bytes: Uint8Array) => unknown;
  /** The project's error kinds this reader may refuse with. */
  isOwnError: (error: unknown) => boolean;
  /** What every refusal's message names: the file (its name as given) or the field. */
  mentions?: RegExp;
  /** The parsed seed, when the input is JSON: then mutations are structural (mutate-json.ts) half the time. */
  json?: unknown;
  /** Byte offsets of each seed's structure (header fields, chunk starts) where truncation is tried first. */
  boundaries?: number[][];
  /** Folders that must be byte-identical after a refused input (the data folder, the models folder). */
  unchanged?: string[];
  /** Files inside those folders left out of the comparison: the input itself, where the test writes it. */
  inputPaths?: string[];
  /** Every refusal is a code of core/messages.ts with all its parameters, never a generic `*.invalid`. */
  coded?: boolean;
}

export interface FuzzFailure {
  index: number;
  bytes: Uint8Array;
  error: string;
}

export interface FuzzReport {
  reader: string;
  inputs: number;
  accepted: number;
  /** Refusals by the start of their message (numbers and names blanked), with counts. */
  refusals: Map<string, number>;
  failures: FuzzFailure[];
}

/** Inputs per reader: 300 in `npm test`, FUZZ_COUNT in `npm run fuzz`. */
export const FUZZ_COUNT = Number(process.env.FUZZ_COUNT ?? 300);
const TIME_BUDGET_MS = Number(process.env.FUZZ_BUDGET_S ?? (process.env.FUZZ_COUNT ? 600 : 6)) * 1000;
const MEMORY_CEILING_BYTES = 2 * readLimits.maxDataFileBytes;

/** Text of a JavaScript fault, not a sentence of ours: a reader that wrapped a TypeError's message. */
const RAW_FAULT = /Cannot read propert|is not a function|is not iterable|Invalid typed array length|Invalid array length|Maximum call stack|of undefined|of null|undefined is not|Array buffer allocation failed|\[object Object\]/;

/** `seed` and `count` default to the suite's (FUZZ_SEED, FUZZ_COUNT); a test may fix its own. */
export async function fuzz(reader: FuzzReader, options: { seed?: number; count?: number } = {}): Promise<FuzzReport> {
  const count = options.count ?? FUZZ_COUNT;
  const rng = new Rng(options.seed ?? (Number(process.env.FUZZ_SEED) || 20261201));
  const report: FuzzReport = { reader: reader.name, inputs: 0, accepted: 0, refusals: new Map(), failures: [] };
  const start = performance.now();
  const baseline = process.memoryUsage().arrayBuffers;
  const snapshot = (folder: string) => {
    const tree = snapshotTree(folder);
    for (const path of reader.inputPaths ?? []) tree.delete(relative(folder, path));
    return tree;
  };
  let before = reader.unchanged?.map(snapshot);
  // The seeds are well-formed: a reader that refuses them is tested on nothing.
  for (const [i, seedBytes] of reader.seeds.entries()) {
    try {
      await reader.read(seedBytes);
    } catch (error) {
      report.failures.push({ index: -1 - i, bytes: seedBytes, error: `seed ${i} is refused: ${String((error as Error)?.message).slice(0, 300)}` });
    }
  }
  before = reader.unchanged?.map(snapshot);
  const inputs = truncations(reader);
  for (let index = 0; index < count && performance.now() - start < TIME_BUDGET_MS; index++) {
    const bytes = inputs[index] ?? nextMutation(reader, rng);
    report.inputs++;
    const fail = (error: string) => report.failures.push({ index, bytes, error });
    try {
      await reader.read(bytes);
      report.accepted++;
      // An accepted input may change the folders (a valid edit is acted on): compare from here on.
      before = reader.unchanged?.map(snapshot);
    } catch (error) {
      const message = String((error as Error)?.message);
      if (!reader.isOwnError(error)) fail(`${(error as Error)?.name ?? typeof error}: ${message.slice(0, 300)}`);
      else if (RAW_FAULT.test(message)) fail(`a JavaScript fault in our error's words: ${message.slice(0, 300)}`);
      else if (reader.mentions && !reader.mentions.test(message)) fail(`the refusal does not say which file or field: ${message.slice(0, 300)}`);
      else if (reader.coded && codeFault(error)) fail(`${codeFault(error)}: ${message.slice(0, 300)}`);
      else {
        const key = reader.coded ? String((error as { code: string }).code) : kindOf(message);
        report.refusals.set(key, (report.refusals.get(key) ?? 0) + 1);
      }
      reader.unchanged?.forEach((folder, i) => {
        const changed = differences(before![i]!, snapshot(folder));
        if (changed.length) fail(`${folder} changed after a refusal: ${changed.slice(0, 5).join(', ')}`);
      });
    }
    const held = process.memoryUsage().arrayBuffers - baseline;
    if (held > MEMORY_CEILING_BYTES) fail(`${Math.round(held / 2 ** 20)} MiB of buffers held after reading`);
  }
  if (process.env.FUZZ_COUNT) keepFailures(report);
  if (process.env.FUZZ_VERBOSE) {
    const refused = [...report.refusals.values()].reduce((a, b) => a + b, 0);
    console.log(`${reader.name}: ${report.inputs} inputs in ${Math.round(performance.now() - start)} ms, ${report.accepted} accepted, ${refused} refused, ${report.failures.length} failed`);
  }
  return report;
}

/** What keeps a refusal from being worded by the app from its data, or null: a code, and every parameter its template names. */
export function codeFault(error: unknown): string | null {
  const { code, params, problem } = error as { code?: unknown; params?: Record<string, unknown>; problem?: unknown };
  if (!isMessageCode(code)) return `no code of core/messages.ts (${String(code)})`;
  if (code.endsWith('.invalid')) return `the generic code ${code}, worded only in English`;
  const needed = [...engineMessages[code].matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const missing = needed.filter((name) => !(params && Object.hasOwn(params, name)) && !(name === 'problem' && problem));
  return missing.length ? `${code} lacks the params ${missing.join(', ')}` : null;
}

/** The lines a test asserts empty; and that the run read something and refused some of it. */
export function failuresOf(report: FuzzReport): string[] {
  const lines = report.failures.map((f) => `input ${f.index}: ${f.error}`);
  if (report.inputs < Math.min(FUZZ_COUNT, 30)) lines.push(`only ${report.inputs} inputs read`);
  if (report.refusals.size === 0) lines.push('no input was refused: the mutations never reached the reader');
  return lines;
}

function nextMutation(reader: FuzzReader, rng: Rng): Uint8Array {
  const seeds = reader.seeds;
  if (reader.json !== undefined && rng.next() < 0.5) return mutateJson(reader.json, rng);
  return mutate(seeds[rng.int(seeds.length)]!, rng, seeds);
}

/** Each seed cut at each of its boundaries, one byte either side, and the empty input. */
function truncations(reader: FuzzReader): Uint8Array[] {
  const out: Uint8Array[] = [new Uint8Array(0)];
  reader.seeds.forEach((seed, i) => {
    for (const at of reader.boundaries?.[i] ?? []) {
      for (const cut of [at - 1, at, at + 1]) if (cut > 0 && cut < seed.length) out.push(seed.slice(0, cut));
    }
    // And the seed with one byte too many (trailing bytes).
    out.push(Uint8Array.of(...seed.subarray(0, Math.min(seed.length, 1 << 16)), 0));
  });
  return out;
}

/** Every file under `folder` by relative path, with its size and SHA-256 (folders as "dir"). */
export function snapshotTree(folder: string): Map<string, string> {
  const tree = new Map<string, string>();
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const path = join(dir, name);
      const info = lstatSync(path);
      const key = relative(folder, path);
      if (info.isDirectory()) {
        tree.set(key, 'dir');
        walk(path);
      } else tree.set(key, `${info.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
    }
  };
  walk(folder);
  return tree;
}

export function differences(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [path, what] of before) if (after.get(path) !== what) out.push(after.has(path) ? `${path} rewritten` : `${path} removed`);
  for (const path of after.keys()) if (!before.has(path)) out.push(`${path} added`);
  return out;
}

function keepFailures(report: FuzzReport): void {
  if (!report.failures.length) return;
  mkdirSync('fuzz-failures', { recursive: true });
  report.failures.forEach((failure, n) => writeFileSync(join('fuzz-failures', `${report.reader.replace(/\W+/g, '-')}-${n}.bin`), failure.bytes));
}

/** "fuzz.png: not a readable PNG (chunk IDAT at byte 57 fails its CRC)" → "not a readable PNG (chunk # at byte # fails its CRC)". */
function kindOf(message: string): string {
  return message.replace(/^[^:]*: /, '').replace(/0x[0-9a-f]+/gi, '0x…').replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, '#').slice(0, 90);
}
