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
import { isOneOf, scheduleTypes, scheduleUnits, type ScheduleType } from './names.js';
import { briefValue, readFields, type FieldProblem, type FieldRule } from './fields.js';

export type Schedule = (t: number) => number;

const positive = { kind: 'number', range: 'positive', optional: false } as const;
const nonNegative = { kind: 'number', range: 'non-negative', optional: false } as const;
const count = { kind: 'number', range: 'count', optional: false } as const;
const unit = { kind: 'choice', choices: scheduleUnits, optional: true, default: 'epoch' } as const;

/** Every schedule's keys with their rules, once; the contract and the schedule editor read this table. */
export const scheduleFields = {
  constant: { unit },
  step: { factor: positive, every: count, unit },
  exponential: { k: nonNegative, unit },
  'inverse-time': { k: nonNegative, unit },
  linear: { tau: positive, final: nonNegative, unit },
  'tau-max': { tau: positive, unit },
  anneal: { divideBy: positive, every: count, unit },
} as const satisfies { [T in ScheduleType]: { [K in Exclude<keyof Extract<ScheduleSpec, { type: T }>, 'type'>]-?: FieldRule } };

export function createSchedule(spec: ScheduleSpec, baseLr: number): Schedule {
  if (!(typeof baseLr === 'number' && Number.isFinite(baseLr) && baseLr > 0)) {
    throw SpecError.of('schedule.base-lr', { schedule: String(spec?.type), value: String(baseLr) });
  }
  if (!isOneOf(scheduleTypes, spec?.type)) {
    throw SpecError.of('schedule.unknown-type', { value: briefValue((spec as { type: unknown } | null)?.type), names: scheduleTypes.join(', ') });
  }
  const fail = (problem: FieldProblem) => SpecError.field('schedule.field', { schedule: spec.type }, problem);
  switch (spec.type) {
    case 'constant':
      readFields(scheduleFields.constant, spec, fail);
      return () => baseLr;
    case 'step': {
      const { factor, every } = readFields(scheduleFields.step, spec, fail);
      return (t) => baseLr * factor ** Math.floor(t / every);
    }
    case 'exponential': {
      const { k } = readFields(scheduleFields.exponential, spec, fail);
      return (t) => baseLr * Math.exp(-k * t);
    }
    case 'inverse-time': {
      const { k } = readFields(scheduleFields['inverse-time'], spec, fail);
      return (t) => baseLr / (1 + k * t);
    }
    case 'linear': {
      const { tau, final } = readFields(scheduleFields.linear, spec, fail);
      return (t) => (t >= tau ? final : (1 - t / tau) * baseLr + (t / tau) * final);
    }
    case 'tau-max': {
      const { tau } = readFields(scheduleFields['tau-max'], spec, fail);
      return (t) => (baseLr * tau) / Math.max(t, tau);
    }
    case 'anneal': {
      const { divideBy, every } = readFields(scheduleFields.anneal, spec, fail);
      return (t) => baseLr / divideBy ** Math.floor(t / every);
    }
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
