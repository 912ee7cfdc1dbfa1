import { describe, expect, it } from 'vitest';
import { appendLive, mergeByKey, thinned } from './runPoints';

const key = (p: { k: number }) => p.k;

describe('run points', () => {
  it('merging keeps one point per key in key order, the newer list winning', () => {
    const stored = [{ k: 1, v: 'a' }, { k: 3, v: 'b' }, { k: 5, v: 'c' }];
    const live = [{ k: 5, v: 'C' }, { k: 6, v: 'D' }, { k: 2, v: 'E' }];
    expect(mergeByKey(stored, live, key).map((p) => `${p.k}${p.v}`)).toEqual(['1a', '2E', '3b', '5C', '6D']);
  });

  it('a live point past the last is appended; a replayed one drops every point from its key on', () => {
    const points = [{ k: 1 }, { k: 2 }, { k: 3 }, { k: 4 }];
    expect(appendLive(points, { k: 5 }, key).map(key)).toEqual([1, 2, 3, 4, 5]);
    expect(appendLive(points, { k: 3 }, key).map(key)).toEqual([1, 2, 3]);
    expect(appendLive(points, { k: 0 }, key).map(key)).toEqual([0]);
  });

  it('thinning halves until within the limit and keeps the last point', () => {
    const points = Array.from({ length: 9 }, (_, i) => ({ k: i }));
    // 9 → indices 0, 2, 4, 6, 8 (5 points) → 0, 4, 8 (3 points).
    expect(thinned(points, 3).map(key)).toEqual([0, 4, 8]);
    expect(thinned(points, 9)).toHaveLength(9);
  });
});
