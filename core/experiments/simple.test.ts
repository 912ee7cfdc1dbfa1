/** Batches per epoch (seed 002), schedule curves (TEXTBOOK §6) and convolution by hand (seed 000 fig. 1.1). */
import { describe, expect, it } from 'vitest';
import { batchSizeTable } from './batch-size.js';
import { scheduleCurves } from './schedule-curves.js';
import { convolutionByHand, FIGURE_1_1 } from './convolution.js';

describe('batches per epoch', () => {
  it('50000 images at batch 256 take ⌈50000/256⌉ = 196 iterations (seed 002), the last batch holding 80', () => {
    expect(batchSizeTable(50000, [256])).toEqual([
      { batchSize: 256, kind: 'mini-batch', iterationsPerEpoch: 196, lastBatchSize: 50000 - 195 * 256 },
    ]);
  });
  it('B = N is batch gradient descent (1 iteration), B = 1 stochastic (N iterations)', () => {
    const [bgd, sgd] = batchSizeTable(60000, [60000, 1]);
    expect(bgd).toMatchObject({ kind: 'batch (BGD)', iterationsPerEpoch: 1 });
    expect(sgd).toMatchObject({ kind: 'stochastic (SGD)', iterationsPerEpoch: 60000 });
  });
  it('rejects a batch size of 0', () => {
    expect(() => batchSizeTable(100, [0])).toThrow('batch size must be a whole number ≥ 1, got 0');
  });
});

describe('schedule curves', () => {
  it('samples every schedule from the same α₀ and each follows its formula', () => {
    const curves = scheduleCurves(0.1, 40);
    expect(curves.map((c) => c.spec.type)).toEqual(['constant', 'step', 'exponential', 'inverse-time', 'linear', 'tau-max', 'anneal']);
    for (const curve of curves) {
      expect(curve.t).toHaveLength(40);
      expect(curve.lr[0]).toBeCloseTo(0.1, 15);
    }
    const byType = new Map(curves.map((c) => [c.spec.type, c]));
    expect(byType.get('step')!.lr[10]).toBeCloseTo(0.05, 15); // every 10: 0.1·0.5¹
    expect(byType.get('exponential')!.lr[20]).toBeCloseTo(0.1 * Math.exp(-1.5), 15); // k = 3/40
    expect(byType.get('inverse-time')!.lr[4]).toBeCloseTo(0.1 / 2, 15); // k = 10/40
    expect(byType.get('linear')!.lr[10]).toBeCloseTo(0.05, 15); // τ = 20, to 0
    expect(byType.get('tau-max')!.lr[20]).toBeCloseTo(0.05, 15); // τ = 10
    expect(byType.get('anneal')!.lr[25]).toBeCloseTo(0.01, 15); // ÷10 every 20
  });
});

describe('convolution by hand', () => {
  it('reproduces seed 000 figure 1.1: [[9, 8], [−12, 10]]', () => {
    const result = convolutionByHand(FIGURE_1_1);
    expect(result.output).toEqual([[9, 8], [-12, 10]]);
    expect(result.sizeFormula.rows).toBe('⌊(4 + 2·0 − 3)/1⌋ + 1 = 2');
  });
  it('with padding 1 and stride 2: out = ⌊(4 + 2 − 3)/2⌋ + 1 = 2; the corner sees only the kernel’s lower right', () => {
    const result = convolutionByHand({ ...FIGURE_1_1, stride: 2, padding: 1 });
    expect([result.outputRows, result.outputColumns]).toEqual([2, 2]);
    // Top-left window covers padded rows −1..1, columns −1..1: kernel rows 1..2, columns 1..2 meet x[0..1][0..1].
    expect(result.output[0]![0]).toBe(-1 * 2 + 0 * -1 + 2 * 0 + 1 * 2);
  });
  it('tells the user when the output would be empty', () => {
    expect(() => convolutionByHand({ input: [[1, 2]], kernel: [[1, 1, 1]] })).toThrow('the output would be 1×0');
  });
});
