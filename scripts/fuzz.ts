/**
 * `npm run fuzz [-- --count N] [--seed S] [--budget-s T] [--target NAME]`: the fuzz suite of
 * tests/fuzz at length (default 20,000 inputs per reader, 120 s budget each). Prints per reader how
 * many inputs were read, accepted and refused (by kind of message), writes each failing input to
 * fuzz-failures/<reader>-<n>.bin, and exits 1 when any input failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { runFuzz } from '../tests/fuzz/run-fuzz.js';
import { fuzzTargets } from '../tests/fuzz/targets.js';

const flag = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
};
const count = Number(flag('count', '20000'));
const seed = Number(flag('seed', '1'));
const timeBudgetMs = Number(flag('budget-s', '120')) * 1000;
const only = flag('target', '');

let failed = 0;
for (const target of fuzzTargets.filter((t) => !only || t.name === only)) {
  const report = runFuzz(target, { count, timeBudgetMs, seed });
  console.log(`\n${target.name}: ${report.inputs} inputs, ${report.accepted} accepted, ${report.inputs - report.accepted - report.failures.length} refused, ${report.failures.length} failed`);
  for (const [kind, n] of [...report.refusals].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`  ${String(n).padStart(6)}  ${kind}`);
  if (report.failures.length) mkdirSync('fuzz-failures', { recursive: true });
  report.failures.forEach((failure, n) => {
    console.log(`  FAILED input ${failure.index}: ${failure.error}`);
    writeFileSync(`fuzz-failures/${target.name.replace(/\W+/g, '-')}-${n}.bin`, failure.bytes);
  });
  failed += report.failures.length;
}
process.exitCode = failed ? 1 : 0;
