/**
 * `npm run fuzz [-- --count N] [--seed S] [--budget-s T] [FILTER]`: every *.fuzz.test.ts at length
 * (default 20,000 inputs per reader, 600 s budget each) through vitest. Each reader prints how many
 * inputs it read, accepted and refused; every failing input is written to fuzz-failures/<reader>-<n>.bin,
 * and the command exits 1 when any failed. FILTER narrows the files (part of their path, e.g. `png.fuzz`, `datasets.fuzz`).
 */
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const [value] = args.splice(i, 2).slice(1);
  return value ?? fallback;
};
const env = {
  ...process.env,
  FUZZ_COUNT: flag('count', '20000'),
  FUZZ_SEED: flag('seed', ''),
  FUZZ_BUDGET_S: flag('budget-s', '600'),
  FUZZ_VERBOSE: '1',
};
// vitest takes each filter as part of a file's path: `.fuzz.test` picks the fuzz files only.
const filters = args.length ? args : ['.fuzz.test'];
const result = spawnSync('npx', ['vitest', 'run', '--testTimeout', '0', ...filters], { stdio: 'inherit', env, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
