/**
 * Flag parsing for every command: node's strict `parseArgs` (an unknown flag is an error), then typed
 * readers that turn a flag's text into a number or a name and reject bad values with the flag's name.
 * A UsageError makes the CLI print the command's usage and exit with status 2.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { briefValue } from '@backprop-lab/core';

export class UsageError extends Error {
  constructor(message: string) {
    super(clipLongWords(message));
    this.name = 'UsageError';
  }
}

/**
 * `text` with each run of more than 240 non-blank characters cut to its first 100, "…" and its last 40:
 * a message quotes what was typed, and a flag or value of 10,000 characters would make it no longer one
 * line; a real path (a run's checkpoint under a temporary folder is ~100 characters) stays whole, and a
 * cut one keeps its end, where the file name is.
 */
export function clipLongWords(text: string): string {
  return text.replace(/\S{241,}/g, (word) => `${word.slice(0, 100)}…${word.slice(-40)}`);
}

export type FlagTypes = Record<string, 'string' | 'boolean'>;

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** A value that starts with "-" and is a number, e.g. the -1 of `--lr -1`. */
const negativeNumber = /^-(\d|\.\d)/;

/**
 * `--lr -1` as `--lr=-1`: node's parseArgs takes "-1" for a flag and calls the value ambiguous, but a
 * string flag followed by a negative number means that number (the readers then say if it is allowed).
 */
function joinNegativeValues(argv: string[], flags: FlagTypes): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (name !== null && flags[name] === 'string' && next !== undefined && negativeNumber.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export function parseFlags(argv: string[], flags: FlagTypes, options: { positionals?: boolean } = {}): ParsedArgs {
  const config: ParseArgsConfig = {
    args: joinNegativeValues(argv, flags),
    options: Object.fromEntries(Object.entries(flags).map(([name, type]) => [name, { type }])),
    strict: true,
    allowPositionals: options.positionals ?? false,
  };
  try {
    const { values, positionals } = parseArgs(config);
    return { values: values as ParsedArgs['values'], positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** A flag's text; an empty one (`--out ""`, `--model=`) is refused by name, as no flag means nothing. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  if (value === '') throw new UsageError(`--${name} needs a value, got an empty string`);
  return typeof value === 'string' ? value : undefined;
}

export function booleanFlag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** A finite number (`--lr 0.05`), optionally bounded. */
export function numberFlag(
  args: ParsedArgs,
  name: string,
  bounds: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  const kind = bounds.integer ? 'an integer' : 'a number';
  if (text.trim() === '' || !Number.isFinite(value) || (bounds.integer && !Number.isInteger(value))) {
    throw new UsageError(`--${name} must be ${kind}, got "${text}"`);
  }
  if (bounds.min !== undefined && (bounds.exclusiveMin ? value <= bounds.min : value < bounds.min)) {
    throw new UsageError(`--${name} must be ${bounds.exclusiveMin ? '>' : '≥'} ${bounds.min}, got ${value}`);
  }
  if (bounds.max !== undefined && value > bounds.max) {
    throw new UsageError(`--${name} must be ≤ ${bounds.max}, got ${value}`);
  }
  return value;
}

/** One of a fixed list of names (`--provider wasm`). */
export function choiceFlag<T extends string>(args: ParsedArgs, name: string, choices: readonly T[]): T | undefined {
  const text = stringFlag(args, name);
  if (text === undefined) return undefined;
  if (!(choices as readonly string[]).includes(text)) {
    // A choice is a short name: a long value is shown by its start and length (core's briefValue), so the line stays short beside a long list.
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${briefValue(text)}"`);
  }
  return text as T;
}
