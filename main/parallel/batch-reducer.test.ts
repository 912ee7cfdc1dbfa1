/**
 * SharedBatchReducer on this thread, with the other worker's side of the barrier written by hand: the
 * last worker to arrive leaves at once with the parts added in slice order, alternating halves; a worker
 * that waits for a worker that never comes leaves with the reason the main thread gave (close or ABORT,
 * the close named when both are set).
 */
import { describe, expect, it } from 'vitest';
import { SharedBatchReducer } from './batch-reducer.js';
import { ABORT, ARRIVED, BARRIER, Command, COMMAND, allocateExchange, exchangeOf } from './shared-state.js';

/** Two workers, BatchNorm layers of at most 2 channels: each worker's part of a half holds 4 sums. */
function twoWorkers() {
  return exchangeOf(allocateExchange({ threads: 2, parameterValues: 1, bufferValues: 0, maxRows: 4, featureSize: 1, classes: 1, batchNormChannels: 2, dropoutUnits: 0 }));
}

describe('SharedBatchReducer', () => {
  it('the last of two workers to arrive gets the sum of both parts, and the next reduction uses the other half', () => {
    const exchange = twoWorkers();
    const reducer = new SharedBatchReducer(exchange, 1);
    reducer.begin(4, 2);
    // Worker 0 has written its part of the first half and arrived.
    exchange.partials.set([1, 2, 3, 4], 0);
    exchange.control[ARRIVED] = 1;
    const first = Float64Array.from([10, 20, 30, 40]);
    reducer.sum(first);
    expect(Array.from(first)).toEqual([11, 22, 33, 44]);
    expect(exchange.control[BARRIER]).toBe(1);
    expect(exchange.control[ARRIVED]).toBe(0);
    // Second reduction: the second half starts at 2 workers × 4 values.
    exchange.partials.set([0.5, 0.25], 8);
    exchange.control[ARRIVED] = 1;
    const second = Float64Array.from([1, 1]);
    reducer.sum(second);
    expect(Array.from(second)).toEqual([1.5, 1.25]);
    expect(Array.from(exchange.partials.subarray(0, 4))).toEqual([1, 2, 3, 4]);
  });

  it.each([
    ['the executor was closed', COMMAND, Command.Close],
    ['another worker thread failed', ABORT, 1],
  ])('a worker waiting for one that never arrives leaves saying %s', (reason, word, value) => {
    const exchange = twoWorkers();
    exchange.control[word] = value;
    const reducer = new SharedBatchReducer(exchange, 0);
    reducer.begin(4, 2);
    expect(() => reducer.sum(new Float64Array(4))).toThrow(
      `executor: the step was abandoned while this worker waited for the others at BatchNorm's barrier (${reason})`,
    );
  });

  it('a worker told both to close and that another failed names the close', () => {
    const exchange = twoWorkers();
    exchange.control[COMMAND] = Command.Close;
    exchange.control[ABORT] = 1;
    const reducer = new SharedBatchReducer(exchange, 0);
    reducer.begin(4, 2);
    expect(() => reducer.sum(new Float64Array(4))).toThrow(/\(the executor was closed\)$/);
  });

  it('refuses more sums than the exchange holds per worker, naming both counts', () => {
    const reducer = new SharedBatchReducer(twoWorkers(), 0);
    reducer.begin(4, 2);
    expect(() => reducer.sum(new Float64Array(5))).toThrow('executor: 5 BatchNorm sums; the exchange holds 4 per worker');
  });
});
