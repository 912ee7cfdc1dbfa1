/** Schedules against their TEXTBOOK §6 formulas at hand-picked t, with α₀ = 0.1. */
import { describe, expect, it } from 'vitest';
import { createSchedule, sampleSchedule, scheduleUnit } from './schedules.js';
import type { ScheduleSpec } from './spec.js';

const base = 0.1;

describe('learning-rate schedules', () => {
  it('constant', () => {
    const lr = createSchedule({ type: 'constant' }, base);
    expect([lr(0), lr(7), lr(1000)]).toEqual([0.1, 0.1, 0.1]);
  });

  it('step: α₀·β^⌊t/n⌋ with β = 0.5, n = 3', () => {
    const lr = createSchedule({ type: 'step', factor: 0.5, every: 3 }, base);
    expect([0, 2, 3, 5, 6, 9].map(lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
  });

  it('exponential: α₀·e^(−kt) with k = 1 (seed 000) and k = 0.1', () => {
    expect(createSchedule({ type: 'exponential', k: 1 }, base)(2)).toBeCloseTo(0.1 * 0.1353352832366127, 15);
    expect(createSchedule({ type: 'exponential', k: 0.1 }, base)(10)).toBeCloseTo(0.1 / Math.E, 15);
    expect(createSchedule({ type: 'exponential', k: 0.1 }, base)(0)).toBe(0.1);
  });

  it('inverse time: α₀/(1 + kt) with k = 0.5', () => {
    const lr = createSchedule({ type: 'inverse-time', k: 0.5 }, base);
    expect(lr(0)).toBe(0.1);
    expect(lr(2)).toBeCloseTo(0.05, 15);
    expect(lr(6)).toBeCloseTo(0.025, 15);
  });

  it('linear to τ = 10 from 0.1 to 0.01, constant after', () => {
    const lr = createSchedule({ type: 'linear', tau: 10, final: 0.01 }, base);
    expect(lr(0)).toBe(0.1);
    expect(lr(5)).toBeCloseTo(0.055, 15);
    expect(lr(10)).toBe(0.01);
    expect(lr(25)).toBe(0.01);
  });

  it('τ/max(t, τ) with τ = 4: flat until τ, then α₀τ/t', () => {
    const lr = createSchedule({ type: 'tau-max', tau: 4 }, base);
    expect([0, 3, 4].map(lr)).toEqual([0.1, 0.1, 0.1]);
    expect(lr(8)).toBeCloseTo(0.05, 15);
    expect(lr(40)).toBeCloseTo(0.01, 15);
  });

  it('anneal: divide by 2 every 5 epochs', () => {
    const lr = createSchedule({ type: 'anneal', divideBy: 2, every: 5 }, base);
    expect([0, 4, 5, 10, 14].map(lr)).toEqual([0.1, 0.1, 0.05, 0.025, 0.025]);
  });

  it('samples for plotting and counts epochs unless told otherwise', () => {
    expect(sampleSchedule({ type: 'step', factor: 0.1, every: 2 }, 1, 5)).toEqual({
      t: [0, 1, 2, 3, 4],
      lr: [1, 1, 0.1, 0.1, 0.1 ** 2],
    });
    expect(scheduleUnit({ type: 'constant' })).toBe('epoch');
    expect(scheduleUnit({ type: 'constant', unit: 'iteration' })).toBe('iteration');
  });

  it('names the field and the value of a bad spec', () => {
    expect(() => createSchedule({ type: 'step', factor: 0.5, every: 0 }, base)).toThrow(
      'schedule step: every must be a whole number ≥ 1, got 0',
    );
    expect(() => createSchedule({ type: 'tau-max', tau: -1 }, base)).toThrow('tau must be a positive number, got -1');
    expect(() => createSchedule({ type: 'constant' }, 0)).toThrow('base learning rate must be a positive number, got 0');
    expect(() => createSchedule({ type: 'cosine' } as unknown as ScheduleSpec, base)).toThrow("unknown type 'cosine'");
  });
});
