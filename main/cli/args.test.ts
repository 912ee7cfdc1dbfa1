import { describe, expect, it } from 'vitest';
import { choiceFlag, clipLongWords, numberFlag, parseFlags, stringFlag, UsageError } from './args.js';

describe('flag parsing', () => {
  const flags = { epochs: 'string', json: 'boolean', provider: 'string' } as const;

  it('reads string, number and boolean flags', () => {
    const args = parseFlags(['--epochs', '3', '--json', '--provider=wasm'], flags);
    expect(numberFlag(args, 'epochs', { integer: true, min: 1 })).toBe(3);
    expect(args.values.json).toBe(true);
    expect(stringFlag(args, 'provider')).toBe('wasm');
  });

  it('rejects an unknown flag with a usage error naming it', () => {
    expect(() => parseFlags(['--epoch', '3'], flags)).toThrowError(UsageError);
    expect(() => parseFlags(['--epoch', '3'], flags)).toThrowError(/--epoch/);
  });

  it('rejects positionals unless the command takes them', () => {
    expect(() => parseFlags(['image.png'], flags)).toThrowError(UsageError);
    expect(parseFlags(['image.png'], flags, { positionals: true }).positionals).toEqual(['image.png']);
  });

  it('rejects numbers that are not numbers, not whole, or out of bounds', () => {
    const read = (text: string) => numberFlag(parseFlags(['--epochs', text], flags), 'epochs', { integer: true, min: 1 });
    expect(() => read('abc')).toThrowError('--epochs must be an integer, got "abc"');
    expect(() => read('2.5')).toThrowError(/integer/);
    expect(() => read('0')).toThrowError('--epochs must be ≥ 1, got 0');
    expect(() => read('')).toThrowError('--epochs needs a value, got an empty string');
    expect(read('12')).toBe(12);
  });

  it('accepts only listed choices', () => {
    const args = parseFlags(['--provider', 'cuda'], flags);
    expect(() => choiceFlag(args, 'provider', ['auto', 'wasm'])).toThrowError('--provider must be one of auto, wasm; got "cuda"');
  });
});

describe('what a refusal quotes', () => {
  it('cuts a 10,000-character value to its first 100 and last 40 characters, so the error stays one short line', () => {
    const args = parseFlags(['--epochs', `${'y'.repeat(5_000)}${'z'.repeat(5_000)}`], { epochs: 'string' });
    // The quoted word is "yyyy…zzzz" with its quotes: its first 100 characters are the quote and 99 y, its last 40 are 39 z and the quote.
    expect(() => numberFlag(args, 'epochs', { integer: true })).toThrowError(`--epochs must be an integer, got "${'y'.repeat(99)}…${'z'.repeat(39)}"`);
  });

  it('a long value for a choice shows its first 80 characters and its length, so a long list of choices still fits one short line', () => {
    const args = parseFlags(['--provider', 'y'.repeat(10_000)], { provider: 'string' });
    expect(() => choiceFlag(args, 'provider', ['auto', 'wasm'])).toThrowError(`--provider must be one of auto, wasm; got "${'y'.repeat(80)}… (10000 characters)"`);
  });

  it('keeps a path of 200 characters whole: the file a write failed on must be readable', () => {
    const path = `/tmp/${'a'.repeat(60)}/runs/20261202-002000-12ab11/checkpoints/${'b'.repeat(80)}/epoch-0001.ckpt:`;
    expect(path.length).toBeLessThan(241);
    expect(clipLongWords(`Could not write ${path} no space left`)).toBe(`Could not write ${path} no space left`);
  });
});
