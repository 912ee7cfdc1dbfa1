// @vitest-environment happy-dom
/**
 * The Models view's insight panel on the real engine in memory (bundled seed-mlp, the harness's first
 * 1,000 MNIST test digits). The expected figures are counted here from the per-digit classes and labels
 * the engine sends, and the weight statistics from the bundled model file itself, so the test checks
 * that the panel shows what the engine measured, cell by cell.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { decodeModelFile } from '@backprop-lab/core';
import type { MethodResult } from '../../contract/index.js';
import ModelsView from './ModelsView.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import type { LabInMemory } from '../testing/lab-in-memory.testing';
import { CELL_DIGITS, MISREAD_DIGITS } from '../stores/insight';

const MODEL = 'bundled:seed-mlp';
type Insight = MethodResult<'insight.mnist'>;

let wrapper: VueWrapper | null = null;
afterEach(() => wrapper?.unmount());

async function openInsight(): Promise<{ wrapper: VueWrapper; lab: LabInMemory; insight: Insight }> {
  const mounted = await mountOnLab(ModelsView);
  const { lab } = mounted;
  wrapper = mounted.wrapper;
  await wrapper.get(`[data-testid="model-row"][data-model-id="${MODEL}"] [data-testid="model-details"]`).trigger('click');
  await lab.settle();
  await wrapper.get('[data-testid="insight-load"]').trigger('click');
  await lab.settle();
  await flushPromises();
  const [insight] = lab.answersOf('insight.mnist');
  return { wrapper, lab, insight: insight! };
}

const bytes = (base64: string) => Array.from(Buffer.from(base64, 'base64'));

/** The test digits of each (true, predicted) cell, in index order, counted from the engine's per-digit bytes. */
function cells(insight: Insight): number[][][] {
  const labels = bytes(insight.labels);
  const predicted = bytes(insight.predicted);
  const grid = Array.from({ length: 10 }, () => Array.from({ length: 10 }, () => [] as number[]));
  labels.forEach((label, index) => grid[label]![predicted[index]!]!.push(index));
  return grid;
}

const percent = (fraction: number) => `${(fraction * 100).toFixed(2)}%`;

describe('model insight in the Models view', () => {
  it('asks the engine for the model\'s MNIST figures only when asked, and shows its confusion matrix cell by cell', async () => {
    const { wrapper, lab, insight } = await openInsight();
    expect(lab.callsOf('insight.mnist')).toEqual([{ modelId: MODEL }]);
    const grid = cells(insight);
    const count = bytes(insight.labels).length;
    expect(count).toBe(insight.test.count);
    const correct = grid.reduce((sum, row, k) => sum + row[k]!.length, 0);
    expect(insight.test.accuracy).toBeCloseTo(correct / count, 12);
    expect(wrapper.get('[data-testid="insight-accuracy"]').text())
      .toBe(`${percent(correct / count)} of ${count.toLocaleString('en-US')} test digits read correctly; ${count - correct} misread.`);
    for (let truth = 0; truth < 10; truth++) {
      for (let predicted = 0; predicted < 10; predicted++) {
        const n = grid[truth]![predicted]!.length;
        expect(wrapper.get(`[data-testid="cell-${truth}-${predicted}"]`).text(), `cell ${truth}→${predicted}`).toBe(n === 0 ? '' : String(n));
      }
    }
  });

  it('a click on the largest off-diagonal cell shows exactly the digits of that cell', async () => {
    const { wrapper, lab, insight } = await openInsight();
    const grid = cells(insight);
    let worst = { truth: 0, predicted: 1, digits: [] as number[] };
    grid.forEach((row, truth) => row.forEach((digits, predicted) => {
      if (truth !== predicted && digits.length > worst.digits.length) worst = { truth, predicted, digits };
    }));
    expect(worst.digits.length, 'seed-mlp misreads some of 1,000 digits').toBeGreaterThan(0);
    await wrapper.get(`[data-testid="cell-${worst.truth}-${worst.predicted}"]`).trigger('click');
    await lab.settle();
    await flushPromises();
    const panel = wrapper.get('[data-testid="cell-digits"]');
    expect(panel.attributes('data-truth')).toBe(String(worst.truth));
    expect(panel.attributes('data-predicted')).toBe(String(worst.predicted));
    const shown = worst.digits.slice(0, CELL_DIGITS);
    expect(lab.callsOf('insight.mnistDigits').at(-1)).toEqual({ indices: shown });
    expect(panel.findAll('[data-testid="cell-digit"]').map((d) => Number(d.attributes('data-index')))).toEqual(shown);
    expect(panel.text()).toContain(`${shown.length} of ${worst.digits.length} shown.`);
  });

  it('a diagonal cell shows its first digits, as many as the panel holds, and says how many there are', async () => {
    const { wrapper, lab, insight } = await openInsight();
    const twos = cells(insight)[2]![2]!;
    expect(twos.length).toBeGreaterThan(CELL_DIGITS);
    await wrapper.get('[data-testid="cell-2-2"]').trigger('click');
    await lab.settle();
    await flushPromises();
    expect(wrapper.findAll('[data-testid="cell-digit"]').map((d) => Number(d.attributes('data-index')))).toEqual(twos.slice(0, CELL_DIGITS));
    expect(wrapper.get('[data-testid="cell-digits"]').text()).toContain(`${CELL_DIGITS} of ${twos.length.toLocaleString('en-US')} shown.`);
  });

  it('the misread gallery gives true class, predicted class and confidence, most confident first', async () => {
    const { wrapper, insight } = await openInsight();
    const labels = bytes(insight.labels);
    const predicted = bytes(insight.predicted);
    const misreadIndices = labels.map((label, i) => (label !== predicted[i] ? i : -1)).filter((i) => i >= 0);
    expect(insight.misread.map((m) => m.index).sort((a, b) => a - b)).toEqual(misreadIndices);
    for (const m of insight.misread) expect([m.label, m.predicted]).toEqual([labels[m.index], predicted[m.index]]);
    const confidences = insight.misread.map((m) => m.confidence);
    expect(confidences).toEqual([...confidences].sort((a, b) => b - a));

    const figures = wrapper.findAll('[data-testid="misread-digit"]');
    const expected = insight.misread.slice(0, MISREAD_DIGITS);
    expect(figures).toHaveLength(expected.length);
    figures.forEach((figure, k) => {
      expect(figure.attributes('data-index')).toBe(String(expected[k]!.index));
      expect(figure.text()).toBe(`${expected[k]!.label} → ${expected[k]!.predicted} (${percent(expected[k]!.confidence)})`);
    });
  });

  it('draws a histogram of the first layer\'s weights whose count, mean and spread are those of the model file', async () => {
    const { wrapper, insight } = await openInsight();
    const file = decodeModelFile(new Uint8Array(readFileSync(resolve(import.meta.dirname, '../../resources/models/seed-mlp.bplab'))), 'seed-mlp');
    const first = Object.entries(file.weights).find(([name]) => name === 'layers.0.weight');
    expect(first, 'seed-mlp has layers.0.weight').toBeDefined();
    const values = Array.from(first![1].data);
    expect(values).toHaveLength(784 * 64);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);

    const record = insight.weights.find((h) => h.name === 'layers.0.weight')!;
    expect(record.count).toBe(784 * 64);
    expect(record.counts.reduce((s, n) => s + n, 0)).toBe(784 * 64);
    expect(record.mean).toBeCloseTo(mean, 6);
    expect(record.std).toBeCloseTo(std, 5);
    const histogram = wrapper.findAll('[data-testid="weight-histogram"]').find((h) => h.attributes('data-name') === 'layers.0.weight');
    expect(histogram, 'a histogram for layers.0.weight').toBeDefined();
    expect(histogram!.text()).toContain(`${(784 * 64).toLocaleString('en-US')} weights`);
  });
});
