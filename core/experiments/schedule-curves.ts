/**
 * Learning-rate schedules side by side (TEXTBOOK §6, §10.9): every schedule of core/schedules.ts
 * sampled at t = 0 … steps − 1 from the same α₀, for one chart. The parameters are chosen so the
 * curves are distinguishable over `steps`; the caller may pass its own list. `label` names the schedule
 * in plain words (a network trained with it is named by it); `key` is the same for a page, an i18n key
 * with its one number (`key:argument`, registry/result.ts).
 */
import type { ScheduleSpec } from '../spec.js';
import { sampleSchedule } from '../schedules.js';

export interface ScheduleCurve {
  label: string;
  key: string;
  spec: ScheduleSpec;
  t: number[];
  lr: number[];
}

export interface NamedSchedule {
  label: string;
  key: string;
  spec: ScheduleSpec;
}

export function defaultScheduleSpecs(steps: number): NamedSchedule[] {
  const quarter = Math.max(1, Math.round(steps / 4));
  const exponentialK = 3 / steps;
  const inverseK = 10 / steps;
  const key = (type: string, argument?: number) => `experiments.schedules.curve.${type}${argument === undefined ? '' : `:${Number(argument.toPrecision(3))}`}`;
  return [
    { label: 'constant', key: key('constant'), spec: { type: 'constant' } },
    { label: `step ×0.5 every ${quarter}`, key: key('step', quarter), spec: { type: 'step', factor: 0.5, every: quarter } },
    { label: `exponential k = ${exponentialK}`, key: key('exponential', exponentialK), spec: { type: 'exponential', k: exponentialK } },
    { label: `inverse time k = ${inverseK}`, key: key('inverse-time', inverseK), spec: { type: 'inverse-time', k: inverseK } },
    { label: `linear to 0 at τ = ${2 * quarter}`, key: key('linear', 2 * quarter), spec: { type: 'linear', tau: 2 * quarter, final: 0 } },
    { label: `τ / max(t, τ), τ = ${quarter}`, key: key('tau-max', quarter), spec: { type: 'tau-max', tau: quarter } },
    { label: `anneal ÷10 every ${2 * quarter}`, key: key('anneal', 2 * quarter), spec: { type: 'anneal', divideBy: 10, every: 2 * quarter } },
  ];
}

export function scheduleCurves(
  baseLr: number,
  steps: number,
  schedules: NamedSchedule[] = defaultScheduleSpecs(steps),
): ScheduleCurve[] {
  return schedules.map(({ label, key, spec }) => ({ label, key, spec, ...sampleSchedule(spec, baseLr, steps) }));
}
