// @vitest-environment happy-dom
/** The Draw view's personal handwriting set, its evaluation and the "why did it say that?" panel. */
import { afterEach, describe, expect, it } from 'vitest';
import { type VueWrapper } from '@vue/test-utils';
import DrawView from './DrawView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory, type LabInMemoryOptions } from '../testing/lab-in-memory.testing';
import { MNIST_SUBSET } from '../testing/mnist-subset.testing';
import PixelImage from '../components/insight/PixelImage.vue';
import { useDrawStore } from '../stores/draw';
import { useHandwritingStore } from '../stores/handwriting';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

/** The lab of the view mounted last, whose answers drawStroke waits for. */
let current: LabInMemory;

async function mountDraw(options: LabInMemoryOptions = {}): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const mounted = await mountOnLab(DrawView, { attachTo: document.body, lab: await createLabInMemory(options) });
  current = mounted.lab;
  wrapper = mounted.wrapper;
  return { wrapper, lab: current };
}

async function drawStroke(wrapper: VueWrapper, points: Array<[number, number]>) {
  const pad = wrapper.get('[data-testid="pad"]');
  const [first, ...rest] = points;
  await pad.trigger('pointerdown', { pointerId: 1, pointerType: 'mouse', button: 0, clientX: first![0], clientY: first![1] });
  for (const [x, y] of rest) await pad.trigger('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y });
  await pad.trigger('pointerup', { pointerId: 1, pointerType: 'mouse' });
  await current.settle();
}

const one: Array<[number, number]> = [[140, 40], [140, 240]];
const seven: Array<[number, number]> = [[60, 50], [220, 50], [120, 240]];

describe('keeping drawings in the personal handwriting set', () => {
  it('a digit button keeps the drawing with its strokes and 28×28 image, then clears the pad', async () => {
    const { wrapper, lab } = await mountDraw();
    await drawStroke(wrapper, seven);
    const draw = useDrawStore();
    const input = Array.from(draw.input);
    await wrapper.get('[data-testid="keep-7"]').trigger('click');
    await current.settle();
    const sent = lab.callsOf('handwriting.add').at(-1) as { label: number; pixels: number[]; strokes: unknown[] };
    expect(sent.label).toBe(7);
    expect(sent.pixels).toEqual(input);
    expect(sent.strokes).toHaveLength(1);
    expect(draw.strokes).toHaveLength(0);
    expect(wrapper.get('[data-testid="class-count-7"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="set-total"]').text()).toBe('1 digits');
  });

  it('keys 0–9 keep the drawing too; nothing is kept from a blank pad or a dot', async () => {
    const { wrapper, lab } = await mountDraw();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3' }));
    await drawStroke(wrapper, [[140, 140]]);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '3' }));
    await current.settle();
    expect(lab.callsOf('handwriting.add')).toHaveLength(0);
    await wrapper.get('[data-testid="clear"]').trigger('click');
    await drawStroke(wrapper, one);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '1' }));
    await current.settle();
    expect((lab.callsOf('handwriting.add') as Array<{ label: number }>).map((c) => c.label)).toEqual([1]);
  });

  it('relabel, delete and undo in the gallery, each undone in turn', async () => {
    const { wrapper, lab } = await mountDraw();
    for (const label of [1, 7]) {
      await drawStroke(wrapper, label === 1 ? one : seven);
      await wrapper.get(`[data-testid="keep-${label}"]`).trigger('click');
      await current.settle();
    }
    const set = useHandwritingStore();
    const [first, second] = set.samples;
    await wrapper.get(`[data-testid="sample-${first!.id}"]`).trigger('click');
    await wrapper.get('[data-testid="relabel-4"]').trigger('click');
    await current.settle();
    expect(lab.callsOf('handwriting.relabel').at(-1)).toEqual({ id: first!.id, label: 4 });
    expect(wrapper.get('[data-testid="class-count-4"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="class-count-1"]').text()).toBe('0');

    await wrapper.get(`[data-testid="sample-${second!.id}"]`).trigger('click');
    await wrapper.get('[data-testid="delete-sample"]').trigger('click');
    await current.settle();
    expect(wrapper.get('[data-testid="class-count-7"]').text()).toBe('0');

    const undo = wrapper.get('[data-testid="set-undo"]');
    await undo.trigger('click');
    await current.settle();
    expect(lab.callsOf('handwriting.restore')).toHaveLength(1);
    expect(wrapper.get('[data-testid="class-count-7"]').text()).toBe('1');
    await undo.trigger('click');
    await current.settle();
    expect(wrapper.get('[data-testid="class-count-1"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="class-count-4"]').text()).toBe('0');
    // The two keeps are undone last: the set is empty again.
    await undo.trigger('click');
    await current.settle();
    await undo.trigger('click');
    await current.settle();
    expect(set.samples).toHaveLength(0);
    expect((undo.element as HTMLButtonElement).disabled).toBe(true);
  });

  it('evaluates the chosen model on the set beside its MNIST test figures', async () => {
    const { wrapper, lab } = await mountDraw();
    const modelId = useDrawStore().modelId!;
    const kept: Array<{ label: number; reading: number }> = [];
    for (const [label, stroke] of [[1, one], [7, seven], [7, one]] as const) {
      await drawStroke(wrapper, [...stroke]);
      // How the model reads the drawing, asked on its own.
      kept.push({ label, reading: (await lab.api.predict(modelId, Array.from(useDrawStore().input))).digit });
      await wrapper.get(`[data-testid="keep-${label}"]`).trigger('click');
      await current.settle();
    }
    await wrapper.get('[data-testid="evaluate"]').trigger('click');
    await current.settle();
    const right = kept.filter((k) => k.label === k.reading).length;
    const personal = wrapper.get('[data-testid="eval-personal"]').findAll('td').map((td) => td.text());
    // The overall figure is the share of the kept digits the model reads right.
    expect(personal.at(-1)).toBe(`${((100 * right) / 3).toFixed(2)}%`);
    expect(personal[0]).toBe('—');
    const mnist = wrapper.get('[data-testid="eval-mnist"]').findAll('td').map((td) => td.text());
    // The engine's figure for the model on the MNIST test digits it holds.
    const [evaluation] = lab.answersOf('handwriting.evaluate');
    expect(evaluation!.mnist.count).toBe(MNIST_SUBSET.test);
    expect(mnist.at(-1)).toBe(`${(100 * evaluation!.mnist.accuracy).toFixed(2)}%`);
    expect(wrapper.get('[data-testid="eval-misread"]').text()).toContain(`Misread: ${3 - right}`);
    const confusionTotal = wrapper.get('[data-testid="evaluation"] [data-testid="confusion-matrix"]').findAll('td')
      .reduce((sum, td) => sum + (Number(td.text()) || 0), 0);
    expect(confusionTotal).toBe(3);
  });
});

describe('why did it say that?', () => {
  it('shows the saliency of the top class over the input, then of a class picked by the user', async () => {
    const { wrapper, lab } = await mountDraw();
    await drawStroke(wrapper, seven);
    const draw = useDrawStore();
    const explained = lab.callsOf('insight.explain').at(-1) as { modelId: string; input: number[]; classIndex?: number };
    expect(explained.input).toEqual(Array.from(draw.input));
    expect(explained.classIndex).toBeUndefined();
    const saliency = wrapper.get('[data-testid="saliency"]');
    const image = wrapper.findAllComponents(PixelImage).find((c) => c.element === saliency.element)!;
    // The overlay is the engine's saliency for the class the model reads.
    const answer = await lab.api.insight.explain({ modelId: explained.modelId, input: explained.input });
    expect(Array.from(image.props('overlay') as number[])).toEqual(answer.saliency);
    expect(answer.classIndex).toBe((await lab.api.predict(explained.modelId, explained.input)).digit);
    expect(wrapper.text()).toContain(`Saliency of class ${answer.classIndex}`);

    await wrapper.get('[data-testid="saliency-class-2"]').trigger('click');
    await current.settle();
    expect((lab.callsOf('insight.explain').at(-1) as { classIndex: number }).classIndex).toBe(2);
    expect(wrapper.text()).toContain('Saliency of class 2');
  });

  it('shows every layer: conv maps as images, a dense layer as bars of its values, the first-layer filters', async () => {
    const { wrapper, lab } = await mountDraw({ bundled: ['seed-mlp', 'lenet5'] });
    await wrapper.get('[data-testid="model-select"]').setValue('bundled:lenet5');
    await lab.settle();
    await drawStroke(wrapper, seven);
    const explained = lab.callsOf('insight.explain').at(-1) as { modelId: string; input: number[] };
    expect(explained.modelId).toBe('bundled:lenet5');
    const { layers, filters } = await lab.api.insight.explain({ modelId: explained.modelId, input: explained.input });
    // LeNet-5 (core's preset): a 6-filter 5×5 convolution first, the 10 class scores last.
    const conv = layers[0]!;
    expect(conv.type).toBe('conv2d');
    expect(conv.shape[0]).toBe(6);
    expect(wrapper.get('[data-testid="activation-0"]').text()).toContain(`Layer 0: conv2d, ${conv.shape.join('×')}`);
    expect(wrapper.get('[data-testid="activation-0"]').findAllComponents(PixelImage)).toHaveLength(6);
    const last = layers.at(-1)!;
    expect(last.shape).toEqual([10]);
    const bars = wrapper.get(`[data-testid="activation-${last.index}"]`).findAll('.bar');
    expect(bars).toHaveLength(10);
    // Each bar is |value| / the largest |value| × 40 px (at least 1 px): the largest is 40 px tall.
    const largest = Math.max(...last.values.map(Math.abs));
    const heights = bars.map((bar) => Number(/height: ([\d.]+)px/.exec(bar.attributes('style')!)![1]));
    heights.forEach((height, unit) => expect(height).toBeCloseTo(Math.max(1, (Math.abs(last.values[unit]!) / largest) * 40), 5));
    expect(Math.max(...heights)).toBe(40);
    expect(filters!.shape[0]).toBe(6);
    expect(wrapper.get('[data-testid="filters"]').findAllComponents(PixelImage)).toHaveLength(6);
  });
});
