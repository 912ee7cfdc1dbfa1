/**
 * combineSlices against sums worked out by hand: Σ_k (m_k/m)·slot_k in float64 from 0, in slice order,
 * rounded once to float32, into gradient and buffer tensors laid out as the slots are; a slice with no
 * rows is left out; the loss and accuracy are weighted the same way.
 */
import { describe, expect, it } from 'vitest';
import { Tensor } from '@backprop-lab/core';
import { combineSlices } from './combine.js';
import { allocateExchange, exchangeOf } from './shared-state.js';

/** An exchange of `slots.length` slots of 3 values (2 gradient values, then 1 buffer value). */
function exchangeWith(slots: number[][], stats: number[][]) {
  const exchange = exchangeOf(allocateExchange({ threads: slots.length, parameterValues: 2, bufferValues: 1, maxRows: 4, featureSize: 1, classes: 1, batchNormChannels: 0, dropoutUnits: 0 }));
  slots.forEach((values, k) => exchange.slots.set(values, 3 * k));
  stats.forEach(([loss, accuracy], k) => exchange.stats.set([loss!, accuracy!], 2 * k));
  return exchange;
}

describe('combineSlices', () => {
  it('two slices of a batch of 4 (3 rows and 1): 3/4·a + 1/4·b into the gradient, then the buffer', () => {
    const exchange = exchangeWith([[1, -2, 10], [5, 2, 30]], [[0.4, 1], [0.8, 0]]);
    const grad = Tensor.zeros([2]);
    const buffer = Tensor.zeros([1]);
    const { loss, accuracy } = combineSlices(exchange, [0.75, 0.25], [grad, buffer]);
    // 0.75·1 + 0.25·5 = 2; 0.75·(−2) + 0.25·2 = −1; 0.75·10 + 0.25·30 = 15.
    expect(Array.from(grad.data)).toEqual([2, -1]);
    expect(Array.from(buffer.data)).toEqual([15]);
    expect(loss).toBeCloseTo(0.75 * 0.4 + 0.25 * 0.8, 15);
    expect(accuracy).toBe(0.75);
  });

  it('rounds once: three products of half an ulp of 0.5 each are kept in float64 until the sum is stored', () => {
    // ½·1 + ¼·2⁻²³ + ¼·2⁻²³ = 0.5 + 2⁻²⁴, one float32 ulp above 0.5 (exact in float32). A float32 running sum
    // would round 0.5 + 2⁻²⁵ back to 0.5 (a tie, to even) at each add and end at 0.5.
    const v = 2 ** -23;
    const exchange = exchangeWith([[1, 0, 0], [v, 0, 0], [v, 0, 0]], [[0, 0], [0, 0], [0, 0]]);
    const grad = Tensor.zeros([2]);
    combineSlices(exchange, [0.5, 0.25, 0.25], [grad, Tensor.zeros([1])]);
    expect(grad.data[0]).toBe(0.5 + 2 ** -24);
  });

  it('leaves out a slice with no rows, whatever its slot holds, and keeps zero sums +0 as a sum from 0 has them', () => {
    const exchange = exchangeWith([[2, -0, 1], [NaN, NaN, NaN], [4, -0, 3]], [[1, 1], [NaN, NaN], [3, 0]]);
    const grad = Tensor.zeros([2]);
    const buffer = Tensor.zeros([1]);
    const { loss, accuracy } = combineSlices(exchange, [0.5, 0, 0.5], [grad, buffer]);
    expect(grad.data[0]).toBe(3);
    expect(Object.is(grad.data[1], 0)).toBe(true); // 0 + (−0) + (−0) = +0
    expect(buffer.data[0]).toBe(2);
    expect([loss, accuracy]).toEqual([2, 0.5]);
  });

  it('four slices (the general path) give the weighted sum in slice order', () => {
    const exchange = exchangeWith([[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]], [[1, 1], [1, 1], [1, 1], [1, 1]]);
    const grad = Tensor.zeros([2]);
    const buffer = Tensor.zeros([1]);
    combineSlices(exchange, [0.25, 0.25, 0.25, 0.25], [grad, buffer]);
    expect(Array.from(grad.data)).toEqual([5.5, 6.5]);
    expect(Array.from(buffer.data)).toEqual([7.5]);
  });
});
