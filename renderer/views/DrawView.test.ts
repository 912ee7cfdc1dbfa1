// @vitest-environment happy-dom
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import DrawView from './DrawView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { type LabInMemory } from '../testing/lab-in-memory.testing';
import ProbabilityChart from '../components/charts/ProbabilityChart.vue';
import { useDrawStore } from '../stores/draw';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** The lab of the view mounted last, whose answers drawStroke waits for. */
let current: LabInMemory;

async function mountDraw(): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const mounted = await mountOnLab(DrawView);
  current = mounted.lab;
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  return { wrapper, lab };
}

/** A stroke on the pad in pad units (the canvas is not laid out here, so client = pad coordinates). */
async function drawStroke(wrapper: VueWrapper, points: Array<[number, number]>) {
  const pad = wrapper.get('[data-testid="pad"]');
  const [first, ...rest] = points;
  await pad.trigger('pointerdown', { pointerId: 1, pointerType: 'mouse', button: 0, clientX: first![0], clientY: first![1] });
  for (const [x, y] of rest) await pad.trigger('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y });
  await pad.trigger('pointerup', { pointerId: 1, pointerType: 'mouse' });
  await current.settle();
}

const sum = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0);

describe('Draw view', () => {
  it('selects the bundled model on first launch', async () => {
    const { wrapper } = await mountDraw();
    expect((wrapper.get('[data-testid="model-select"]').element as HTMLSelectElement).value).toBe('bundled:seed-mlp');
    expect(wrapper.get('[data-testid="prediction"]').text()).toBe('');
  });

  it('a stroke on the pad gives a non-blank 28×28 input, sent to the model; its answer is shown', async () => {
    const { wrapper, lab } = await mountDraw();
    await drawStroke(wrapper, [[140, 40], [140, 120], [140, 200], [140, 240]]);
    const draw = useDrawStore();
    expect(draw.input).toHaveLength(784);
    expect(sum(draw.input)).toBeGreaterThan(5);

    const sent = lab.callsOf('predict').at(-1) as { modelId: string; input: number[] };
    expect(sent.modelId).toBe('bundled:seed-mlp');
    expect(sent.input).toHaveLength(784);
    expect(sent.input).toEqual(Array.from(draw.input));
    // The view shows what the model answers for that input.
    const answer = await lab.api.predict(sent.modelId, sent.input);
    expect(wrapper.get('[data-testid="prediction"]').text()).toBe(String(answer.digit));
    const bars = wrapper.getComponent(ProbabilityChart).props('probabilities');
    expect(bars).toEqual(answer.probabilities);
  });

  it('clear empties the input and the prediction; undo removes the last stroke only', async () => {
    const { wrapper } = await mountDraw();
    await drawStroke(wrapper, [[60, 60], [200, 60]]);
    await drawStroke(wrapper, [[130, 60], [130, 230]]);
    const draw = useDrawStore();
    expect(draw.strokes).toHaveLength(2);
    const bothStrokes = sum(draw.input);

    await wrapper.get('[data-testid="undo"]').trigger('click');
    await current.settle();
    expect(draw.strokes).toHaveLength(1);
    expect(sum(draw.input)).toBeGreaterThan(0);
    expect(sum(draw.input)).not.toBeCloseTo(bothStrokes, 3);

    await wrapper.get('[data-testid="clear"]').trigger('click');
    await current.settle();
    expect(draw.strokes).toHaveLength(0);
    expect(sum(draw.input)).toBe(0);
    expect(wrapper.get('[data-testid="prediction"]').text()).toBe('');
  });

  it('one click on the pad says "draw a digit" and asks the model nothing', async () => {
    const { wrapper, lab } = await mountDraw();
    await drawStroke(wrapper, [[140, 140]]);
    expect(wrapper.get('[data-testid="refusal"]').text()).toBe('Draw a digit: this is a dot, smaller than the pen.');
    expect(wrapper.get('[data-testid="prediction"]').text()).toBe('');
    expect(lab.callsOf('predict')).toHaveLength(0);
  });

  it('shows a prediction failure instead of a stale digit', async () => {
    const { wrapper, lab } = await mountDraw();
    // The model's file is damaged after the library listed it: the engine cannot read it any more.
    await writeFile(join(lab.dataDir, 'bundled-models', 'seed-mlp.bplab'), 'not a model');
    await drawStroke(wrapper, [[100, 100], [180, 180]]);
    expect(lab.callsOf('predict')).toHaveLength(1);
    expect(wrapper.text()).toContain('not a Backprop Lab model file');
    expect(wrapper.get('[data-testid="prediction"]').text()).toBe('');
  });

  it('touch and pen draw like a mouse; a second finger while drawing is ignored', async () => {
    const { wrapper } = await mountDraw();
    const pad = wrapper.get('[data-testid="pad"]');
    await pad.trigger('pointerdown', { pointerId: 7, pointerType: 'touch', clientX: 100, clientY: 50 });
    await pad.trigger('pointerdown', { pointerId: 8, pointerType: 'touch', clientX: 10, clientY: 10 });
    await pad.trigger('pointermove', { pointerId: 8, pointerType: 'touch', clientX: 270, clientY: 270 });
    await pad.trigger('pointermove', { pointerId: 7, pointerType: 'touch', clientX: 100, clientY: 220 });
    await pad.trigger('pointerup', { pointerId: 7, pointerType: 'touch' });
    await pad.trigger('pointerdown', { pointerId: 9, pointerType: 'pen', clientX: 60, clientY: 60 });
    await pad.trigger('pointermove', { pointerId: 9, pointerType: 'pen', clientX: 160, clientY: 60 });
    await pad.trigger('pointerup', { pointerId: 9, pointerType: 'pen' });
    await current.settle();
    const draw = useDrawStore();
    expect(draw.strokes.map((s) => s.points)).toEqual([
      [{ x: 100, y: 50 }, { x: 100, y: 220 }],
      [{ x: 60, y: 60 }, { x: 160, y: 60 }],
    ]);
    expect(sum(draw.input)).toBeGreaterThan(0);
  });
});
