import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createFakeLab, type FakeLab } from '../api/fake';
import { provideLab } from '../api';
import { PREDICT_INTERVAL_MS, useDrawStore } from './draw';

let lab: FakeLab;
beforeEach(() => {
  vi.useFakeTimers();
  lab = createFakeLab();
  provideLab(lab.api);
  setActivePinia(createPinia());
});
afterEach(() => vi.useRealTimers());

describe('draw store', () => {
  it('predicts while a stroke is drawn, at most once per interval, and once more at its end', async () => {
    const draw = useDrawStore();
    await draw.selectModel('bundled/seed-mlp');
    draw.beginStroke({ x: 100, y: 40 });
    expect(lab.callsOf('predict')).toHaveLength(1);
    // 20 moves within one interval: one trailing prediction, not 20.
    for (let i = 1; i <= 20; i++) draw.extendStroke([{ x: 100, y: 40 + i * 8 }]);
    expect(lab.callsOf('predict')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PREDICT_INTERVAL_MS);
    expect(lab.callsOf('predict')).toHaveLength(2);
    await draw.endStroke();
    expect(lab.callsOf('predict')).toHaveLength(3);
    // The last request carries the whole stroke.
    const last = lab.callsOf('predict').at(-1) as { input: number[] };
    expect(last.input).toEqual(Array.from(draw.input));
  });

  it('drops an answer that arrives after the drawing changed', async () => {
    const draw = useDrawStore();
    await draw.selectModel('bundled/seed-mlp');
    let answerSlowly: (() => void) | null = null;
    lab.handle('predict', ({ modelId }) => new Promise((resolve) => {
      answerSlowly = () => resolve({ probabilities: Array.from({ length: 10 }, (_, i) => (i === 4 ? 1 : 0)), digit: 4, modelId });
    }));
    draw.beginStroke({ x: 50, y: 50 });
    await draw.clear();
    answerSlowly!();
    await vi.runAllTimersAsync();
    expect(draw.prediction).toBeNull();
  });
});
