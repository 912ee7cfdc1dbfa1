/**
 * `experiment <name>`: one of the course's experiments (TEXTBOOK §10), headless. Its flags are its
 * parameters in core's registry (`--learning-rate 0.05` for `learningRate`; a matrix as JSON), each
 * defaulting to the course's setting; `--seed`, `--provider` and `--json` as for the other commands.
 * Text: the experiment's tables and values; --json: the whole outcome (figures included) as one object.
 */
import {
  ExperimentParamError, listExperiments, runExperiment, selectKernels, type ProviderName, type Cell, type ExperimentListing, type ParamDescriptor,
} from '@backprop-lab/core';
import { loadMnist } from '../datasets/mnist.js';
import { providerChoices, readSpecFile } from './specs.js';
import { UsageError, booleanFlag, choiceFlag, numberFlag, parseFlags, stringFlag } from './args.js';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export function experimentUsage(): string {
  const describe = (name: string, d: ParamDescriptor) => {
    const value = d.kind === 'matrix' || d.kind === 'model' ? JSON.stringify(d.default) : String(d.default);
    const rule = d.kind === 'choice' ? ` (${d.choices.join(', ')})` : d.kind === 'number' && d.min !== undefined ? ` (${d.min}…${d.max ?? '∞'})` : '';
    return `      --${kebab(name)} ${value}${rule}`;
  };
  const blocks = listExperiments().map((e) => [`  ${e.id}  (§10.${e.course}${e.trains ? ', trains on MNIST' : ''})`, ...Object.entries(e.params).map(([n, d]) => describe(n, d))].join('\n'));
  return `backprop-lab experiment NAME [--PARAM VALUE ...] [--seed N] [--provider NAME] [--json]
  Runs one of the course's experiments (TEXTBOOK §10); every parameter defaults to the course's setting.
  Matrices are JSON ("[[1,0],[0,1]]"), booleans true or false, a network a spec file or its JSON
  (gradient-check --network custom --model net.json). --json prints the whole outcome.
${blocks.join('\n')}`;
}

export async function experimentCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${experimentUsage()}\n`);
    return 0;
  }
  const [name, ...rest] = argv;
  const experiments = listExperiments();
  const experiment = experiments.find((e) => e.id === name);
  if (!name) throw new UsageError(`name an experiment: ${experiments.map((e) => e.id).join(', ')}`);
  // The flags an experiment takes are its own parameters, so they can only be read once it is named.
  if (name.startsWith('-')) throw new UsageError(`${name.split('=')[0]}: name the experiment first, then its flags (experiment NAME [--PARAM VALUE ...])`);
  if (!experiment) throw new UsageError(`unknown experiment "${name}"; the experiments are ${experiments.map((e) => e.id).join(', ')}`);
  const flags = Object.fromEntries(Object.keys(experiment.params).map((p) => [kebab(p), 'string' as const]));
  const args = parseFlags(rest, { ...flags, seed: 'string', provider: 'string', json: 'boolean' });
  const params = paramsFromFlags(experiment, args);
  const seed = numberFlag(args, 'seed', { integer: true, min: 0, max: 2 ** 32 - 1 });
  const kernels = await selectKernels((choiceFlag(args, 'provider', providerChoices) ?? 'auto') as 'auto' | ProviderName);
  const json = booleanFlag(args, 'json');
  try {
    const outcome = await runExperiment(experiment.id, {
      params, seed, kernels,
      mnist: async () => ({ train: await loadMnist('train'), test: await loadMnist('test') }),
      onProgress: json || !process.stderr.isTTY ? undefined : (fraction) => process.stderr.write(`\r${experiment.id}: ${(fraction * 100).toFixed(0)}%`),
    });
    if (!json && process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(json ? `${JSON.stringify(outcome)}\n` : `${textOf(outcome)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ExperimentParamError) throw new UsageError(`--${kebab(error.param)}: ${error.message}`);
    throw error;
  } finally {
    kernels.dispose?.();
  }
}

function paramsFromFlags(experiment: ExperimentListing, args: ReturnType<typeof parseFlags>): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, descriptor] of Object.entries(experiment.params)) {
    const flag = kebab(name);
    const text = stringFlag(args, flag);
    if (text === undefined) continue;
    if (descriptor.kind === 'number') params[name] = numberFlag(args, flag);
    else if (descriptor.kind === 'choice') params[name] = choiceFlag(args, flag, descriptor.choices);
    else if (descriptor.kind === 'boolean') {
      if (text !== 'true' && text !== 'false') throw new UsageError(`--${flag} must be true or false, got "${text}"`);
      params[name] = text === 'true';
    } else if (descriptor.kind === 'model') {
      // A spec file as `train --spec` reads it (its modelSpec), or the ModelSpec itself as JSON.
      params[name] = text.trim().startsWith('{') ? parseJson(text, flag, 'a JSON model spec such as {"inputShape":[4],"layers":[{"type":"dense","units":3}],"loss":"mse"}') : readSpecFile(text).modelSpec;
    } else {
      try {
        params[name] = JSON.parse(text);
      } catch {
        throw new UsageError(`--${flag} must be a JSON matrix such as [[1,0],[0,1]], got "${text}"`);
      }
    }
  }
  return params;
}

function parseJson(text: string, flag: string, example: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`--${flag} must be ${example}, got "${text}"`);
  }
}

function textOf(outcome: Awaited<ReturnType<typeof runExperiment>>): string {
  const format = (value: Cell) => (typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toPrecision(5)) : String(value));
  const lines = [`${outcome.id} (seed ${outcome.seed}, ${(outcome.elapsedMs / 1000).toFixed(1)} s${outcome.reason === 'stopped' ? ', stopped' : ''})`];
  for (const table of outcome.result.tables) {
    lines.push('', `${table.id}:`, table.columns.map(shortLabel).join('\t'));
    for (const row of table.rows) lines.push(row.map((v) => (typeof v === 'string' ? shortLabel(v) : format(v))).join('\t'));
  }
  const values = Object.entries(outcome.result.values);
  if (values.length) lines.push('', ...values.map(([key, value]) => `${key}: ${format(value)}`));
  return lines.join('\n');
}

/** The last part of an i18n key ("experiments.columns.finalZ" → "finalZ"); other text unchanged. */
function shortLabel(text: string): string {
  return text.startsWith('experiments.') ? text.slice(text.lastIndexOf('.') + 1) : text;
}
