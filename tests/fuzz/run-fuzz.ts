/**
 * Runs one fuzz target: `count` mutated inputs from a fixed seed, or fewer when `timeBudgetMs` runs
 * out (the budget bounds how long a run takes; it is never a pass/fail threshold). An input fails
 * when the reader throws an error of a type it may not throw, or when the process holds more array
 * buffer memory after the read than the limits allow (readLimits' largest buffer, twice over).
 */
import { Rng, readLimits } from '@backprop-lab/core';
import { mutate } from './mutate.js';
import type { FuzzTarget } from './targets.js';

export interface FuzzFailure {
  index: number;
  bytes: Uint8Array;
  error: string;
}

export interface FuzzReport {
  target: string;
  inputs: number;
  accepted: number;
  /** Refusals by the start of their message (the file name cut off), with counts. */
  refusals: Map<string, number>;
  failures: FuzzFailure[];
}

const MEMORY_CEILING_BYTES = 2 * readLimits.maxDataFileBytes;

export function runFuzz(target: FuzzTarget, options: { count: number; timeBudgetMs: number; seed: number }): FuzzReport {
  const seeds = target.seeds();
  const rng = new Rng(options.seed);
  const report: FuzzReport = { target: target.name, inputs: 0, accepted: 0, refusals: new Map(), failures: [] };
  const start = performance.now();
  const baseline = process.memoryUsage().arrayBuffers;
  for (let index = 0; index < options.count && performance.now() - start < options.timeBudgetMs; index++) {
    const bytes = mutate(seeds[rng.int(seeds.length)]!, rng, seeds);
    report.inputs++;
    try {
      target.read(bytes);
      report.accepted++;
    } catch (error) {
      if (target.allowed.some((type) => error instanceof type)) {
        const key = kindOf((error as Error).message);
        report.refusals.set(key, (report.refusals.get(key) ?? 0) + 1);
      } else {
        report.failures.push({ index, bytes, error: `${(error as Error)?.name}: ${String((error as Error)?.message).slice(0, 300)}` });
      }
    }
    const held = process.memoryUsage().arrayBuffers - baseline;
    if (held > MEMORY_CEILING_BYTES) report.failures.push({ index, bytes, error: `${Math.round(held / 2 ** 20)} MiB of buffers held after reading` });
  }
  return report;
}

/** "fuzz.png: not a readable PNG (chunk IDAT at byte 57 fails its CRC)" → "not a readable PNG (chunk # at byte # fails its CRC)". */
function kindOf(message: string): string {
  return message.replace(/^[^:]*: /, '').replace(/0x[0-9a-f]+/gi, '0x…').replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, '#').slice(0, 90);
}
