/**
 * Learning-rate schedules side by side (TEXTBOOK §6, §10.9): every schedule of core/schedules.ts
 * sampled at t = 0 … steps − 1 from the same α₀, for one chart. The parameters are chosen so the
 * curves are distinguishable over `steps`; the caller may pass its own list.
 */
import type { ScheduleSpec } from '../spec.js';
import { sampleSchedule } from '../schedules.js';

export interface ScheduleCurve {
  label: string;
  spec: ScheduleSpec;
  t: number[];
  lr: number[];
}

export function defaultScheduleSpecs(steps: number): { label: string; spec: ScheduleSpec }[] {
  const quarter = Math.max(1, Math.round(steps / 4));
  return [
    { label: 'constant', spec: { type: 'constant' } },
    { label: `step ×0.5 every ${quarter}`, spec: { type: 'step', factor: 0.5, every: quarter } },
    { label: `exponential k = ${3 / steps}`, spec: { type: 'exponential', k: 3 / steps } },
    { label: `inverse time k = ${10 / steps}`, spec: { type: 'inverse-time', k: 10 / steps } },
    { label: `linear to 0 at τ = ${2 * quarter}`, spec: { type: 'linear', tau: 2 * quarter, final: 0 } },
    { label: `τ / max(t, τ), τ = ${quarter}`, spec: { type: 'tau-max', tau: quarter } },
    { label: `anneal ÷10 every ${2 * quarter}`, spec: { type: 'anneal', divideBy: 10, every: 2 * quarter } },
  ];
}

export function scheduleCurves(
  baseLr: number,
  steps: number,
  schedules: { label: string; spec: ScheduleSpec }[] = defaultScheduleSpecs(steps),
): ScheduleCurve[] {
  return schedules.map(({ label, spec }) => ({ label, spec, ...sampleSchedule(spec, baseLr, steps) }));
}
