import { describe, expect, it } from 'vitest';
import { UsageError } from './args.js';
import { tokenFromEnvironment } from './serve.js';

describe('serve: BACKPROP_LAB_TOKEN', () => {
  it('is not set: the server makes a random token', () => {
    expect(tokenFromEnvironment(undefined)).toBeUndefined();
    expect(tokenFromEnvironment('')).toBeUndefined();
  });

  it('is used as it is when long enough and URL-safe', () => {
    const token = 'abcdefghijklmnopqrstuvwxyz012345_-AB';
    expect(tokenFromEnvironment(token)).toBe(token);
  });

  it('refuses a short token or one that would need escaping in the URL', () => {
    expect(() => tokenFromEnvironment('a'.repeat(31))).toThrow(UsageError);
    expect(() => tokenFromEnvironment(`${'a'.repeat(32)}&x=1`)).toThrow(/at least 32 characters/);
  });
});
