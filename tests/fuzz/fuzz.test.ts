/**
 * The fuzz suite, briefly (npm test): a few hundred mutated inputs per reader from fixed seeds, each
 * of which must end in the reader's own error type or a result. `npm run fuzz` runs the same targets
 * at length.
 */
import { describe, expect, it } from 'vitest';
import { runFuzz } from './run-fuzz.js';
import { fuzzTargets } from './targets.js';

describe('fuzz: every reader of outside bytes', () => {
  for (const target of fuzzTargets) {
    it(`${target.name}: mutated seeds throw only the project's error types`, () => {
      // The seeds themselves are well-formed files the reader accepts.
      for (const seed of target.seeds()) expect(() => target.read(seed)).not.toThrow();
      const report = runFuzz(target, { count: 300, timeBudgetMs: 4000, seed: 20261201 });
      expect(report.failures.map((f) => `input ${f.index}: ${f.error}`)).toEqual([]);
      // The run did read something: at least a tenth of the budgeted inputs, and refused some of them.
      expect(report.inputs).toBeGreaterThanOrEqual(30);
      expect([...report.refusals.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    });
  }
});
