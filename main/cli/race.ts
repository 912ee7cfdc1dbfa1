/**
 * `race`: the optimizer race of TEXTBOOK §10.4 on z = x²/10 + y² from (−7, 2), 20 steps per optimizer
 * (core/experiments/race.ts). Text: each optimizer's final point and z; --json: the whole result,
 * trajectories and contour grid included, as one JSON object.
 */
import { optimizerRace } from '@backprop-lab/core';
import { booleanFlag, parseFlags } from './args.js';

export async function raceCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { json: 'boolean' });
  const result = optimizerRace();
  if (booleanFlag(args, 'json')) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const lines = [`Optimizer race: ${result.objective}, from (${result.start.join(', ')}), ${result.iterations} steps`];
  lines.push(`${'optimizer'.padEnd(18)}${'final x'.padStart(12)}${'final y'.padStart(12)}${'final z'.padStart(14)}`);
  for (const run of result.runs) {
    const [x, y] = run.points[run.points.length - 1]!;
    const z = run.z[run.z.length - 1]!;
    lines.push(`${run.label.padEnd(18)}${x.toFixed(5).padStart(12)}${y.toFixed(5).padStart(12)}${z.toExponential(4).padStart(14)}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
