/**
 * Learning-rate schedules (TEXTBOOK §6) as pure closures of t, the iteration or epoch count from 0
 * (the spec's `unit` says which; the training loop counts it). α₀ is the optimizer's learning rate.
 *   constant      α_t = α₀
 *   step          α_t = α₀·factor^⌊t/every⌋                        (seed 000 (1.29))
 *   exponential   α_t = α₀·e^(−k·t)                                 (seed 000 (1.30), 004)
 *   inverse-time  α_t = α₀ / (1 + k·t)                              (seed 000 (1.31))
 *   linear        α_t = (1 − t/τ)·α₀ + (t/τ)·final for t ≤ τ, final after   (seed 003)
 *   tau-max       α_t = α₀·τ / max(t, τ)                            (seed 004)
 *   anneal        α_t = α₀ / divideBy^⌊t/every⌋                     (seed 004: divide every n epochs)
 */
import type { ScheduleSpec } from './spec.js';
import { SpecError } from './errors.js';

export type Schedule = (t: number) => number;

export function createSchedule(spec: ScheduleSpec, baseLr: number): Schedule {
  check(spec.type, 'base learning rate', baseLr, (v) => v > 0, 'a positive number');
  switch (spec.type) {
    case 'constant':
      return () => baseLr;
    case 'step': {
      const factor = check(spec.type, 'factor', spec.factor, (v) => v > 0, 'a positive number');
      const every = check(spec.type, 'every', spec.every, isCount, 'a whole number ≥ 1');
      return (t) => baseLr * factor ** Math.floor(t / every);
    }
    case 'exponential': {
      const k = check(spec.type, 'k', spec.k, (v) => v >= 0, 'a number ≥ 0');
      return (t) => baseLr * Math.exp(-k * t);
    }
    case 'inverse-time': {
      const k = check(spec.type, 'k', spec.k, (v) => v >= 0, 'a number ≥ 0');
      return (t) => baseLr / (1 + k * t);
    }
    case 'linear': {
      const tau = check(spec.type, 'tau', spec.tau, (v) => v > 0, 'a positive number');
      const final = check(spec.type, 'final', spec.final, (v) => v >= 0, 'a number ≥ 0');
      return (t) => (t >= tau ? final : (1 - t / tau) * baseLr + (t / tau) * final);
    }
    case 'tau-max': {
      const tau = check(spec.type, 'tau', spec.tau, (v) => v > 0, 'a positive number');
      return (t) => (baseLr * tau) / Math.max(t, tau);
    }
    case 'anneal': {
      const divideBy = check(spec.type, 'divideBy', spec.divideBy, (v) => v > 0, 'a positive number');
      const every = check(spec.type, 'every', spec.every, isCount, 'a whole number ≥ 1');
      return (t) => baseLr / divideBy ** Math.floor(t / every);
    }
    default:
      throw new SpecError(`schedule: unknown type '${String((spec as { type: unknown }).type)}'`);
  }
}

/** Whether t counts iterations or epochs (epochs unless the spec says otherwise). */
export function scheduleUnit(spec: ScheduleSpec): 'iteration' | 'epoch' {
  return spec.unit ?? 'epoch';
}

/** The schedule at t = 0, 1, …, count − 1, for plotting before training. */
export function sampleSchedule(spec: ScheduleSpec, baseLr: number, count: number): { t: number[]; lr: number[] } {
  const schedule = createSchedule(spec, baseLr);
  const t = Array.from({ length: Math.max(0, Math.floor(count)) }, (_, i) => i);
  return { t, lr: t.map(schedule) };
}

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 1;
}

function check(type: string, field: string, value: number, ok: (v: number) => boolean, wanted: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new SpecError(`schedule ${type}: ${field} must be ${wanted}, got ${String(value)}`);
  }
  return value;
}
