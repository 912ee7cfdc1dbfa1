// @vitest-environment happy-dom
/**
 * The Draw view's reading says which drawing the answer shown belongs to (`data-state`, `data-strokes` on
 * `reading`): ready only once the model's answer for the drawing as it stands has arrived.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import DrawView from './DrawView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import ProbabilityChart from '../components/charts/ProbabilityChart.vue';
import { PREDICT_INTERVAL_MS } from '../stores/draw';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  vi.useRealTimers();
});

type Points = Array<[number, number]>;
const bar: Points = [[60, 50], [220, 50]];
const slant: Points = [[220, 50], [120, 240]];
const line: Points = [[140, 40], [140, 240]];

/**
 * The view on a fresh engine, with the timers faked: the pad's throttle (useThrottle) then never fires on
 * its own, so each stroke asks the model exactly once, when it ends, unless the test advances the clock.
 */
async function mountDraw(): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const mounted = await mountOnLab(DrawView, { lab: await createLabInMemory({ bundled: ['seed-mlp', 'lenet5'] }) });
  wrapper = mounted.wrapper;
  vi.useFakeTimers();
  return mounted;
}

const pad = (w: VueWrapper) => w.get('[data-testid="pad"]');
const reading = (w: VueWrapper) => w.get('[data-testid="reading"]');
const state = (w: VueWrapper) => reading(w).attributes('data-state');
const strokesOf = (w: VueWrapper) => reading(w).attributes('data-strokes');
const shownDigit = (w: VueWrapper) => w.get('[data-testid="prediction"]').text();
const shownBars = (w: VueWrapper) => w.getComponent(ProbabilityChart).props('probabilities') as number[];

async function press(w: VueWrapper, [first, ...rest]: Points) {
  await pad(w).trigger('pointerdown', { pointerId: 1, pointerType: 'mouse', button: 0, clientX: first![0], clientY: first![1] });
  for (const [x, y] of rest) await pad(w).trigger('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y });
}
const lift = (w: VueWrapper) => pad(w).trigger('pointerup', { pointerId: 1, pointerType: 'mouse' });

/** The engine's own answer for an input the view sent (asked again, apart from the view). */
async function engineAnswer(lab: LabInMemory, call: number) {
  const sent = lab.callsOf('predict')[call] as { modelId: string; input: number[] };
  return lab.api.predict(sent.modelId, sent.input);
}

describe('the Draw view’s reading', () => {
  it('is empty on a blank pad, ready with the stroke count once the answer comes, empty again after Clear', async () => {
    const { wrapper, lab } = await mountDraw();
    expect(state(wrapper)).toBe('empty');
    expect(strokesOf(wrapper)).toBeUndefined();

    await press(wrapper, bar);
    await lift(wrapper);
    await press(wrapper, slant);
    await lift(wrapper);
    await lab.settle();
    expect(lab.callsOf('predict')).toHaveLength(2);
    expect(state(wrapper)).toBe('ready');
    expect(strokesOf(wrapper)).toBe('2');
    expect(shownDigit(wrapper)).toBe(String((await engineAnswer(lab, 1)).digit));

    await wrapper.get('[data-testid="clear"]').trigger('click');
    await lab.settle();
    expect(state(wrapper)).toBe('empty');
    expect(strokesOf(wrapper)).toBeUndefined();
  });

  it('a dot is refused, not ready', async () => {
    const { wrapper, lab } = await mountDraw();
    await press(wrapper, [[140, 140]]);
    await lift(wrapper);
    await lab.settle();
    expect(state(wrapper)).toBe('refused');
  });

  it('an answer for an older drawing that arrives late is not shown as the current one', async () => {
    const { wrapper, lab } = await mountDraw();
    const releaseFirst = lab.holdNext('predict');
    await press(wrapper, bar);
    await lift(wrapper);
    expect(lab.callsOf('predict')).toHaveLength(1);
    expect(state(wrapper)).toBe('classifying');

    const releaseSecond = lab.holdNext('predict');
    await press(wrapper, slant);
    await lift(wrapper);
    expect(lab.callsOf('predict')).toHaveLength(2);

    // The one-stroke drawing's answer comes while the two-stroke drawing's is still on its way.
    await releaseFirst();
    expect(state(wrapper)).toBe('classifying');
    expect(strokesOf(wrapper)).toBeUndefined();
    expect(shownDigit(wrapper)).toBe('');

    await releaseSecond();
    await lab.settle();
    expect(state(wrapper)).toBe('ready');
    expect(strokesOf(wrapper)).toBe('2');
    const [first, second] = [await engineAnswer(lab, 0), await engineAnswer(lab, 1)];
    expect(first.probabilities).not.toEqual(second.probabilities);
    expect(shownBars(wrapper)).toEqual(second.probabilities);
  });

  it('while a stroke is still being drawn, its live answer is shown but not ready; lifting the pen makes it ready', async () => {
    const { wrapper, lab } = await mountDraw();
    await press(wrapper, line);
    // The throttle's trailing reading of the open stroke.
    await vi.advanceTimersByTimeAsync(PREDICT_INTERVAL_MS);
    await lab.settle();
    expect(lab.callsOf('predict')).toHaveLength(1);
    expect(shownDigit(wrapper)).toMatch(/^\d$/);
    expect(strokesOf(wrapper)).toBe('1');
    expect(state(wrapper)).toBe('classifying');
    expect(reading(wrapper).attributes('aria-busy')).toBe('true');
    expect(reading(wrapper).text()).toContain('Classifying…');

    await lift(wrapper);
    await lab.settle();
    expect(state(wrapper)).toBe('ready');
    expect(strokesOf(wrapper)).toBe('1');
    expect(reading(wrapper).attributes('aria-busy')).toBe('false');
    expect(reading(wrapper).text()).not.toContain('Classifying…');
  });

  it('a failed reading is the drawing’s it was asked for: a new stroke makes it classifying, not failed', async () => {
    const { wrapper, lab } = await mountDraw();
    lab.crash();
    await press(wrapper, bar);
    await lift(wrapper);
    await lab.settle();
    expect(state(wrapper)).toBe('failed');

    await press(wrapper, slant);
    expect(state(wrapper)).toBe('classifying');
  });

  it('choosing another model makes the reading wait for that model’s answer', async () => {
    const { wrapper, lab } = await mountDraw();
    await press(wrapper, line);
    await lift(wrapper);
    await lab.settle();
    expect(state(wrapper)).toBe('ready');

    const release = lab.holdNext('predict');
    await wrapper.get('[data-testid="model-select"]').setValue('bundled:lenet5');
    expect(state(wrapper)).toBe('classifying');
    await release();
    await lab.settle();
    expect((lab.callsOf('predict').at(-1) as { modelId: string }).modelId).toBe('bundled:lenet5');
    expect(state(wrapper)).toBe('ready');
    expect(shownBars(wrapper)).toEqual((await engineAnswer(lab, 1)).probabilities);
  });
});
