/**
 * `gradcheck`: the backward pass of a preset or spec against central differences (core/gradcheck.ts),
 * in float64 on the reference kernels: relative error per parameter tensor and for the input. The exit
 * status is 1 when any error exceeds the tolerance (1e-5 unless --tolerance says otherwise).
 */
import { gradientCheck, type TensorCheck } from '@backprop-lab/core';
import { booleanFlag, numberFlag, parseFlags, stringFlag } from './args.js';
import { resolveSpecs } from './specs.js';

export async function gradcheckCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, {
    preset: 'string', spec: 'string', samples: 'string', entries: 'string', seed: 'string', tolerance: 'string', json: 'boolean',
  });
  const { source, modelSpec, trainSpec } = resolveSpecs(stringFlag(args, 'preset'), stringFlag(args, 'spec'));
  const tolerance = numberFlag(args, 'tolerance', { min: 0, exclusiveMin: true }) ?? 1e-5;
  const result = gradientCheck(modelSpec, {
    batchSize: numberFlag(args, 'samples', { integer: true, min: 1 }) ?? 2,
    maxEntriesPerTensor: numberFlag(args, 'entries', { integer: true, min: 1 }) ?? 60,
    seed: numberFlag(args, 'seed', { integer: true }) ?? 1,
    init: trainSpec.init,
  });
  const passed = result.worst <= tolerance;
  if (booleanFlag(args, 'json')) {
    process.stdout.write(`${JSON.stringify({ source, tolerance, passed, ...result })}\n`);
    return passed ? 0 : 1;
  }
  const row = (check: TensorCheck) =>
    `${check.name.padEnd(22)}${`[${check.shape.join(', ')}]`.padEnd(18)}${String(check.checked).padStart(8)}` +
    `${check.relativeError.toExponential(2).padStart(14)}  ${check.relativeError <= tolerance ? 'ok' : 'WRONG'}`;
  const lines = [
    `Gradient check of ${source}: central differences, float64, reference kernels`,
    `${'tensor'.padEnd(22)}${'shape'.padEnd(18)}${'checked'.padStart(8)}${'rel. error'.padStart(14)}`,
    ...result.tensors.map(row),
    row(result.input),
    `worst ${result.worst.toExponential(2)}: ${passed ? 'the backward pass agrees' : `above the tolerance ${tolerance}`}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return passed ? 0 : 1;
}
