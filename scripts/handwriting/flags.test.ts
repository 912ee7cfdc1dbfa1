/** The handwriting scripts' flags: values read as given, every bad one refused with exit status 2 and its reason. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { choiceFlag, choicesFlag, numberFlag, numbersFlag, textFlag } from './flags.js';

const argv = process.argv;

/** Runs `read` with `args` on the command line; returns its value, or the exit status and the message. */
function withArgs(args: string[], read: () => unknown): unknown {
  process.argv = ['node', 'script.ts', ...args];
  const messages: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((message: string) => void messages.push(message));
  vi.spyOn(process, 'exit').mockImplementation((code) => {
    throw Object.assign(new Error('exit'), { code });
  });
  try {
    return read();
  } catch (error) {
    return { exit: (error as { code: number }).code, message: messages.join('\n') };
  }
}

afterEach(() => {
  process.argv = argv;
  vi.restoreAllMocks();
});

describe('handwriting script flags', () => {
  it('an absent flag gives its fallback; a present one its value', () => {
    expect(withArgs([], () => numberFlag('count', 2000, 1, 10000, true))).toBe(2000);
    expect(withArgs(['--count', '500'], () => numberFlag('count', 2000, 1, 10000, true))).toBe(500);
    expect(withArgs(['--model', 'a.bplab'], () => textFlag('model', 'b.bplab'))).toBe('a.bplab');
    expect(withArgs(['--views', 'shifts,dilate'], () => choicesFlag('views', ['shifts', 'dilate', 'shifts8']))).toEqual(['shifts', 'dilate']);
    expect(withArgs(['--pens', '2,2.5'], () => numbersFlag('pens', [], 0.5, 10))).toEqual([2, 2.5]);
    expect(withArgs([], () => choiceFlag('split', ['test', 'train'], 'test'))).toBe('test');
    expect(withArgs(['--split', 'train'], () => choiceFlag('split', ['test', 'train'], 'test'))).toBe('train');
    expect(withArgs([], () => choiceFlag('then', ['shifts', 'dilate'], undefined))).toBeUndefined();
  });

  it.each<[string[], () => unknown, string]>([
    [['--count', 'abc'], () => numberFlag('count', 2000, 1, 10000, true), '--count needs a whole number from 1 to 10000 (got "abc")'],
    [['--count', '10001'], () => numberFlag('count', 2000, 1, 10000, true), '--count needs a whole number from 1 to 10000 (got "10001")'],
    [['--count', '2.5'], () => numberFlag('count', 2000, 1, 10000, true), '--count needs a whole number from 1 to 10000 (got "2.5")'],
    [['--distill'], () => numberFlag('distill', 0, 0, 1), '--distill needs a number from 0 to 1 (got nothing)'],
    [['--views', 'shifts,bogus'], () => choicesFlag('views', ['shifts', 'dilate']), '--views: unknown "bogus"; the choices are shifts, dilate'],
    [['--split', 'test,train'], () => choiceFlag('split', ['test', 'train'], 'test'), '--split needs one of test, train (got "test,train")'],
    [['--split', 'valid'], () => choiceFlag('split', ['test', 'train'], 'test'), '--split needs one of test, train (got "valid")'],
    [['--split'], () => choiceFlag('split', ['test', 'train'], 'test'), '--split needs a value'],
    [['--pens', '2,x'], () => numbersFlag('pens', [], 0.5, 10), '--pens needs numbers from 0.5 to 10 (got "x")'],
    [['--model', '--count'], () => textFlag('model', 'b.bplab'), '--model needs a value'],
  ])('%j is refused with status 2 and says why', (args, read, message) => {
    expect(withArgs(args, read)).toEqual({ exit: 2, message });
  });
});
