import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { provideLab } from '../api';
import { PREDICT_INTERVAL_MS, useDrawStore } from './draw';

let lab: LabInMemory;
beforeEach(async () => {
  lab = await createLabInMemory();
  vi.useFakeTimers();
  provideLab(lab.api);
  setActivePinia(createPinia());
});
afterEach(() => vi.useRealTimers());

describe('draw store', () => {
  it('predicts while a stroke is drawn, at most once per interval, and once more at its end', async () => {
    const draw = useDrawStore();
    await draw.selectModel('bundled:seed-mlp');
    draw.beginStroke({ x: 100, y: 40 });
    // One point is a dot: refused without asking the model.
    expect(draw.refusal).toBe('dot');
    expect(lab.callsOf('predict')).toHaveLength(0);
    // 20 moves within one interval: one trailing prediction, not 20.
    for (let i = 1; i <= 20; i++) draw.extendStroke([{ x: 100, y: 40 + i * 8 }]);
    expect(lab.callsOf('predict')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(PREDICT_INTERVAL_MS);
    expect(lab.callsOf('predict')).toHaveLength(1);
    expect(draw.refusal).toBeNull();
    await draw.endStroke();
    expect(lab.callsOf('predict')).toHaveLength(2);
    // The last request carries the whole stroke.
    const last = lab.callsOf('predict').at(-1) as { input: number[] };
    expect(last.input).toEqual(Array.from(draw.input));
  });

  it('drops an answer that arrives after the drawing changed', async () => {
    const draw = useDrawStore();
    await draw.selectModel('bundled:seed-mlp');
    const answerSlowly = lab.holdNext('predict');
    draw.beginStroke({ x: 50, y: 50 });
    draw.extendStroke([{ x: 50, y: 200 }]);
    void draw.endStroke();
    expect(lab.callsOf('predict')).toHaveLength(1);
    await draw.clear();
    await answerSlowly();
    await lab.settle();
    await vi.runAllTimersAsync();
    expect(draw.prediction).toBeNull();
  });

  it('gives the model the same input for a digit drawn small with a wide pen and large with a thin one', async () => {
    const draw = useDrawStore();
    await draw.selectModel('bundled:seed-mlp');
    const drawSeven = async (scale: number, width: number) => {
      await draw.clear();
      draw.strokeWidth = width;
      draw.beginStroke({ x: 40 * scale, y: 40 * scale });
      draw.extendStroke([{ x: 200 * scale, y: 40 * scale }, { x: 110 * scale, y: 240 * scale }]);
      await draw.endStroke();
      return Array.from(draw.input);
    };
    const small = await drawSeven(0.35, 44);
    const large = await drawSeven(1, 8);
    expect(Math.max(...small.map((v, i) => Math.abs(v - large[i]!)))).toBeLessThan(1e-4);
  });

  it('refuses a scribble with "draw a digit" instead of classifying it', async () => {
    const draw = useDrawStore();
    await draw.selectModel('bundled:seed-mlp');
    draw.beginStroke({ x: 20, y: 20 });
    draw.extendStroke(Array.from({ length: 30 }, (_, i) => ({ x: i % 2 === 0 ? 260 : 20, y: 20 + i * 8 })));
    await draw.endStroke();
    expect(draw.refusal).toBe('too-much-ink');
    expect(draw.prediction).toBeNull();
    expect(lab.callsOf('predict')).toHaveLength(0);
  });
});
