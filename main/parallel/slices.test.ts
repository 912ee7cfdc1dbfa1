import { describe, expect, it } from 'vitest';
import { participatingWorkers, sliceOfBatch, slicesOfBatch } from './slices.js';

describe('slicesOfBatch', () => {
  it('halves a batch of 64 between two workers, each weighted 1/2', () => {
    expect(slicesOfBatch(64, 2)).toEqual([
      { start: 0, size: 32, weight: 0.5 },
      { start: 32, size: 32, weight: 0.5 },
    ]);
  });

  it('gives the first m mod N workers one row more and covers every row once', () => {
    const slices = slicesOfBatch(7, 3);
    expect(slices.map((s) => s.size)).toEqual([3, 2, 2]);
    expect(slices.map((s) => s.start)).toEqual([0, 3, 5]);
    expect(slices.map((s) => s.weight)).toEqual([3 / 7, 2 / 7, 2 / 7]);
  });

  it('leaves workers beyond the batch with an empty slice of weight 0', () => {
    expect(slicesOfBatch(1, 2)).toEqual([
      { start: 0, size: 1, weight: 1 },
      { start: 1, size: 0, weight: 0 },
    ]);
  });

  it('counts as participants only the workers whose slice holds rows', () => {
    expect(participatingWorkers(64, 2)).toBe(2);
    expect(participatingWorkers(2, 3)).toBe(2);
    expect(participatingWorkers(1, 4)).toBe(1);
  });

  it('refuses a worker index outside 0…N−1', () => {
    expect(() => sliceOfBatch(8, 2, 2)).toThrow('worker 2 is not one of 0…1');
  });
});
