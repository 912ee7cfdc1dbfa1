// @vitest-environment happy-dom
/** The Draw view's personal handwriting set, its evaluation and the "why did it say that?" panel. */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import DrawView from './DrawView.vue';
import { mountOnFakeLab } from './mount-on-fake-lab.testing';
import PixelImage from '../components/insight/PixelImage.vue';
import { type FakeLab } from '../api/fake';
import { fakeReading } from '../api/fake-handwriting';
import { useDrawStore } from '../stores/draw';
import { useHandwritingStore } from '../stores/handwriting';

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function mountDraw(): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const mounted = await mountOnFakeLab(DrawView, { attachTo: document.body });
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  return { wrapper, lab };
}

async function drawStroke(wrapper: VueWrapper, points: Array<[number, number]>) {
  const pad = wrapper.get('[data-testid="pad"]');
  const [first, ...rest] = points;
  await pad.trigger('pointerdown', { pointerId: 1, pointerType: 'mouse', button: 0, clientX: first![0], clientY: first![1] });
  for (const [x, y] of rest) await pad.trigger('pointermove', { pointerId: 1, pointerType: 'mouse', clientX: x, clientY: y });
  await pad.trigger('pointerup', { pointerId: 1, pointerType: 'mouse' });
  await flushPromises();
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
    await flushPromises();
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
    await flushPromises();
    expect(lab.callsOf('handwriting.add')).toHaveLength(0);
    await wrapper.get('[data-testid="clear"]').trigger('click');
    await drawStroke(wrapper, one);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: '1' }));
    await flushPromises();
    expect((lab.callsOf('handwriting.add') as Array<{ label: number }>).map((c) => c.label)).toEqual([1]);
  });

  it('relabel, delete and undo in the gallery, each undone in turn', async () => {
    const { wrapper, lab } = await mountDraw();
    for (const label of [1, 7]) {
      await drawStroke(wrapper, label === 1 ? one : seven);
      await wrapper.get(`[data-testid="keep-${label}"]`).trigger('click');
      await flushPromises();
    }
    const set = useHandwritingStore();
    const [first, second] = set.samples;
    await wrapper.get(`[data-testid="sample-${first!.id}"]`).trigger('click');
    await wrapper.get('[data-testid="relabel-4"]').trigger('click');
    await flushPromises();
    expect(lab.callsOf('handwriting.relabel').at(-1)).toEqual({ id: first!.id, label: 4 });
    expect(wrapper.get('[data-testid="class-count-4"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="class-count-1"]').text()).toBe('0');

    await wrapper.get(`[data-testid="sample-${second!.id}"]`).trigger('click');
    await wrapper.get('[data-testid="delete-sample"]').trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="class-count-7"]').text()).toBe('0');

    const undo = wrapper.get('[data-testid="set-undo"]');
    await undo.trigger('click');
    await flushPromises();
    expect(lab.callsOf('handwriting.restore')).toHaveLength(1);
    expect(wrapper.get('[data-testid="class-count-7"]').text()).toBe('1');
    await undo.trigger('click');
    await flushPromises();
    expect(wrapper.get('[data-testid="class-count-1"]').text()).toBe('1');
    expect(wrapper.get('[data-testid="class-count-4"]').text()).toBe('0');
    // The two keeps are undone last: the set is empty again.
    await undo.trigger('click');
    await flushPromises();
    await undo.trigger('click');
    await flushPromises();
    expect(set.samples).toHaveLength(0);
    expect((undo.element as HTMLButtonElement).disabled).toBe(true);
  });

  it('evaluates the chosen model on the set beside its MNIST test figures', async () => {
    const { wrapper } = await mountDraw();
    const kept: Array<{ label: number; reading: number }> = [];
    for (const [label, stroke] of [[1, one], [7, seven], [7, one]] as const) {
      await drawStroke(wrapper, [...stroke]);
      kept.push({ label, reading: fakeReading(useDrawStore().input) });
      await wrapper.get(`[data-testid="keep-${label}"]`).trigger('click');
      await flushPromises();
    }
    await wrapper.get('[data-testid="evaluate"]').trigger('click');
    await flushPromises();
    const right = kept.filter((k) => k.label === k.reading).length;
    const personal = wrapper.get('[data-testid="eval-personal"]').findAll('td').map((td) => td.text());
    // The fake reads a digit as (pixels above ½) mod 10; the overall figure is the share read right.
    expect(personal.at(-1)).toBe(`${((100 * right) / 3).toFixed(2)}%`);
    expect(personal[0]).toBe('—');
    const mnist = wrapper.get('[data-testid="eval-mnist"]').findAll('td').map((td) => td.text());
    expect(mnist.at(-1)).toBe('99.00%');
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
    // The fake's saliency is the input itself.
    expect(Array.from(image.props('overlay') as number[])).toEqual(Array.from(draw.input));
    expect(wrapper.text()).toContain(`Saliency of class ${fakeReading(draw.input)}`);

    await wrapper.get('[data-testid="saliency-class-2"]').trigger('click');
    await flushPromises();
    expect((lab.callsOf('insight.explain').at(-1) as { classIndex: number }).classIndex).toBe(2);
    expect(wrapper.text()).toContain('Saliency of class 2');
  });

  it('shows every layer: conv maps as images, a dense layer as bars of its values, the first-layer filters', async () => {
    const { wrapper } = await mountDraw();
    await drawStroke(wrapper, seven);
    const conv = wrapper.get('[data-testid="activation-0"]');
    expect(conv.text()).toContain('Layer 0: conv2d, 2×4×4');
    expect(conv.findAllComponents(PixelImage)).toHaveLength(2);
    const bars = wrapper.get('[data-testid="activation-1"]').findAll('.bar');
    expect(bars).toHaveLength(10);
    // The fake's dense unit k holds ink·(k + 1)/100: the bars grow linearly, the last one 40 px tall.
    expect(bars.at(-1)!.attributes('style')).toContain('height: 40px');
    expect(bars[4]!.attributes('style')).toContain('height: 20px');
    expect(wrapper.get('[data-testid="filters"]').findAllComponents(PixelImage)).toHaveLength(2);
  });
});
