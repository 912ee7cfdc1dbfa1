import { describe, expect, it } from 'vitest';
import { chartAxis } from './chartAxis';

const format = (v: number) => String(v);

describe('chartAxis', () => {
  it('names the categories where the figure has them, so bar i sits on label i', () => {
    const axis = chartAxis({ label: 'experiments.axes.digit', categories: ['0', '1', '2'] }, 'Digit', format);
    expect(axis).toEqual({ name: 'Digit', nameLocation: 'middle', nameGap: 28, type: 'category', data: ['0', '1', '2'] });
  });

  it('words each category as the page words the figure’s labels: a key in the language shown, a name as it is', () => {
    const word = (label: string) => (label === 'experiments.gradient-check.input' ? '输入 x' : label);
    const axis = chartAxis({ label: 'experiments.axes.tensor', categories: ['layers.0.weight', 'experiments.gradient-check.input'] }, '张量', format, undefined, word);
    expect(axis).toMatchObject({ type: 'category', data: ['layers.0.weight', '输入 x'] });
  });

  it('is a value axis otherwise, logarithmic where asked, spanning a field underneath', () => {
    expect(chartAxis({ label: 'x' }, 'x', format)).toMatchObject({ type: 'value', scale: true });
    expect(chartAxis({ label: 'x', log: true }, 'x', format)).toMatchObject({ type: 'log' });
    expect(chartAxis({ label: 'x' }, 'x', format, [3, -7, 1])).toMatchObject({ min: -7, max: 3 });
  });
});
