import { describe, expect, it, vi } from 'vitest';
import { fieldsOf, fieldValue, layerFields, layerTypes, newLayer, withField } from './layerFields';
import { durationParts } from '../composables/format';
import { useThrottle } from '../composables/useThrottle';
import { layerSpec } from '../../contract/index.js';

describe('layer editor fields', () => {
  it('every new layer is a valid LayerSpec by the contract, and every field it offers exists on that type', () => {
    for (const type of layerTypes) {
      const layer = newLayer(type);
      expect(layerSpec.safeParse(layer).success, type).toBe(true);
      expect(layer.type).toBe(type);
    }
    expect(layerFields.dense.map((f) => f.key)).toEqual(['units', 'activation', 'init', 'alpha']);
  });

  it('α shows only where it means something: leaky ReLU or leaky-He initialisation (defect 10)', () => {
    expect(fieldsOf({ type: 'dense', units: 8, activation: 'relu' }).map((f) => f.key)).toEqual(['units', 'activation', 'init']);
    expect(fieldsOf({ type: 'activation', fn: 'relu' }).map((f) => f.key)).toEqual(['fn']);
    expect(fieldsOf({ type: 'activation', fn: 'leaky-relu' }).map((f) => f.key)).toEqual(['fn', 'alpha']);
    expect(fieldsOf({ type: 'conv2d', filters: 4, kernelSize: 3, init: 'leaky-he-normal' }).map((f) => f.key)).toContain('alpha');
    // Leaving leaky ReLU takes α out of the spec: it would mean nothing there.
    const leaky = { type: 'dense' as const, units: 8, activation: 'leaky-relu' as const, alpha: 0.2 };
    const activation = layerFields.dense.find((f) => f.key === 'activation')!;
    expect(withField(leaky, activation, 'relu')).toEqual({ type: 'dense', units: 8, activation: 'relu' });
  });

  it("a dropout layer without a mode shows the engine's own, inverted (defect 10)", () => {
    const mode = layerFields.dropout.find((f) => f.key === 'mode')!;
    expect(fieldValue({ type: 'dropout', keep: 0.6 }, mode)).toBe('inverted');
    expect(fieldValue({ type: 'dropout', keep: 0.6, mode: 'classic' }, mode)).toBe('classic');
  });
});

describe('formatting', () => {
  it('a duration in whole hours, minutes and seconds, rounded to the second', () => {
    expect(durationParts(0)).toEqual({ hours: 0, minutes: 0, seconds: 0 });
    expect(durationParts(59_400)).toEqual({ hours: 0, minutes: 0, seconds: 59 });
    expect(durationParts(125_000)).toEqual({ hours: 0, minutes: 2, seconds: 5 });
    expect(durationParts(3_720_000)).toEqual({ hours: 1, minutes: 2, seconds: 0 });
  });
});

describe('throttle', () => {
  it('runs at once, collapses calls within the interval into one trailing run', () => {
    vi.useFakeTimers();
    const action = vi.fn();
    const throttled = useThrottle(action, 100);
    throttled.call();
    expect(action).toHaveBeenCalledTimes(1);
    throttled.call();
    throttled.call();
    expect(action).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(100);
    expect(action).toHaveBeenCalledTimes(2);
    throttled.call();
    throttled.cancel();
    vi.advanceTimersByTime(500);
    expect(action).toHaveBeenCalledTimes(2);
    vi.useRealTimers();
  });
});
