/**
 * The experiment registry: every definition's defaults obey its own rules, parameters are refused with
 * the parameter's name, a stop ends a run early, and the experiments that need no data give what the
 * textbook states (figure 1.1, pooling by hand, the race against PyTorch, XOR).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReferenceKernels } from '../../kernels/reference.js';
import { TrainingControl } from '../../train/control.js';
import { defaultParams, ExperimentParamError, resolveParams } from './params.js';
import { experimentRegistry, listExperiments } from './registry.js';
import { runExperiment } from './run.js';
import type { ConvolutionDetail } from '../catalogue/convolution.js';

const kernels = createReferenceKernels();

describe('experiment registry', () => {
  it('lists each experiment once, in the order of TEXTBOOK §10, with defaults that pass their own rules', () => {
    const courses = experimentRegistry.map((e) => e.course);
    expect(courses).toEqual([...courses].sort((a, b) => a - b));
    expect(new Set(courses).size).toBe(courses.length);
    expect(new Set(experimentRegistry.map((e) => e.id)).size).toBe(courses.length);
    for (const experiment of experimentRegistry) {
      expect(resolveParams(experiment.id, experiment.params, defaultParams(experiment.params))).toEqual(defaultParams(experiment.params));
    }
    expect(listExperiments().find((e) => e.id === 'optimizer-race')!.params.lrSgd).toMatchObject({ kind: 'number', default: 0.95 });
  });

  it('refuses a bad value or an unknown parameter, naming the experiment, the parameter and the rule', () => {
    const schema = experimentRegistry.find((e) => e.id === 'xor')!.params;
    expect(() => resolveParams('xor', schema, { iterations: 2.5 })).toThrow('experiment xor: iterations must be a whole number, got 2.5');
    expect(() => resolveParams('xor', schema, { init: 'ones' })).toThrow(/init must be one of zero, normal/);
    expect(() => resolveParams('xor', schema, { epochs: 3 })).toThrow(/epochs is not a parameter of this experiment \(its parameters: iterations, learningRate, init\)/);
    try {
      resolveParams('xor', schema, { learningRate: -1 });
    } catch (error) {
      expect(error).toBeInstanceOf(ExperimentParamError);
      expect(error).toMatchObject({ code: 'experiment.below', param: 'learningRate', value: -1, params: { experiment: 'xor', param: 'learningRate', min: 0.0001, got: '-1' } });
    }
  });

  it('refuses a training experiment on a host without MNIST before it starts', async () => {
    await expect(runExperiment('batch-size', { kernels })).rejects.toThrow(/trains on MNIST, and this host has no MNIST files/);
  });
});

describe('convolution by hand, through the registry', () => {
  it('figure 1.1: [[9, 8], [−12, 10]], each cell the sum of its window’s products w_mn·x_{i+m, j+n}', async () => {
    const { result } = await runExperiment('convolution', { kernels });
    const detail = result.detail as ConvolutionDetail;
    expect(detail.output).toEqual([[9, 8], [-12, 10]]);
    // Top-left window by hand: 1·2 + 0·(−1) + 1·0 + 0·0 + (−1)·2 + 0·0 + (−2)·(−2) + 2·0 + 1·5 = 9.
    expect(detail.windows[0]!.products).toEqual([2, -0, 0, 0, -2, 0, 4, 0, 5]);
    for (const window of detail.windows) expect(window.products.reduce((a, b) => a + b, 0)).toBe(window.value);
    expect(result.values.rowsFormula).toBe('⌊(4 + 2·0 − 3)/1⌋ + 1 = 2');
  });

  it('2×2 max pooling of the figure’s input keeps each window’s largest cell; average pooling its mean', async () => {
    const max = (await runExperiment('convolution', { kernels })).result.detail as ConvolutionDetail;
    expect(max.pooling.output).toEqual([[2, 3], [4, 5]]);
    expect(max.pooling.windows.map((w) => w.argmax)).toEqual([[0, 0], [1, 3], [3, 0], [2, 2]]);
    const avg = (await runExperiment('convolution', { kernels, params: { pooling: 'avg' } })).result.detail as ConvolutionDetail;
    // (2 − 1 + 0 + 2)/4, (0 − 2 + 0 + 3)/4, (−2 + 0 + 4 − 3)/4, (5 + 1 + 2 + 0)/4.
    expect(avg.pooling.output).toEqual([[0.75, 0.25], [-0.25, 2]]);
  });

  it('padding 1 shows the zero border and gives ⌊(4 + 2 − 3)/1⌋ + 1 = 4 outputs per axis', async () => {
    const detail = (await runExperiment('convolution', { kernels, params: { padding: 1 } })).result.detail as ConvolutionDetail;
    expect(detail.padded).toHaveLength(6);
    expect(detail.padded[0]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(detail.output).toHaveLength(4);
  });
});

describe('optimizer race, through the registry', () => {
  const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../testing/fixtures/torch/optimizer_race.json'), 'utf8')) as { trajectories: Record<string, number[][]> };

  it('the course’s four settings by default: SGD 0.95 ends where PyTorch’s SGD ends', async () => {
    const { result } = await runExperiment('optimizer-race', { kernels });
    const sgd = result.figures[0]!.series.find((s) => s.name === 'SGD')!;
    const [x, y] = fixture.trajectories['sgd_lr0.95']!.at(-1)!;
    expect(sgd.points.at(-1)![0]).toBeCloseTo(x!, 9);
    expect(sgd.points.at(-1)![1]).toBeCloseTo(y!, 9);
    expect(result.figures[0]!.field!.z.length).toBeGreaterThan(1);
  });

  it('a learning-rate slider changes that optimizer only: SGD at 0.1 moves x by η·x/5 in its first step', async () => {
    const { result } = await runExperiment('optimizer-race', { kernels, params: { lrSgd: 0.1, iterations: 1 } });
    const sgd = result.figures[0]!.series.find((s) => s.name === 'SGD')!;
    expect(sgd.points[1]![0]).toBeCloseTo(-7 - 0.1 * (-7 / 5), 12);
    expect(sgd.points[1]![1]).toBeCloseTo(2 - 0.1 * 2 * 2, 12);
  });
});

describe('XOR, through the registry', () => {
  it('the hand-made net gives exactly [0, 1, 1, 0], the linear fit 0.5 everywhere, and training learns it', async () => {
    const progress: number[] = [];
    const { result, reason } = await runExperiment('xor', { kernels, onProgress: (f) => progress.push(f) });
    expect(reason).toBe('completed');
    expect(result.values.exactOutputs).toBe('0,1,1,0');
    expect(result.values.linearLoss).toBeCloseTo(0.25, 6);
    expect(result.values.learned).toBe(true);
    expect(progress.at(-1)).toBe(1);
    // In hidden space the readout's ½ line splits the classes: the two classes lie on opposite sides of it.
    const [zeros, ones, boundary] = result.figures.find((f) => f.id === 'hidden')!.series;
    const [[ax, ay], [bx, by]] = boundary!.points as [[number, number], [number, number]];
    const side = ([px, py]: [number, number]) => Math.sign((bx - ax) * (py - ay) - (by - ay) * (px - ax));
    const zeroSides = new Set(zeros!.points.map(side));
    const oneSides = new Set(ones!.points.map(side));
    expect(zeroSides.size).toBe(1);
    expect(oneSides.size).toBe(1);
    expect([...zeroSides][0]).toBe(-[...oneSides][0]!);
  });

  it('stops when asked: the run ends early and says so', async () => {
    const control = new TrainingControl();
    let calls = 0;
    const outcome = await runExperiment('xor', {
      kernels, control, params: { iterations: 20000 },
      onProgress: () => {
        if (++calls === 2) control.stop();
      },
    });
    expect(outcome.reason).toBe('stopped');
    const loss = outcome.result.figures.find((f) => f.id === 'loss')!.series[0]!.points;
    expect(loss.length).toBe(2000);
  });
});
