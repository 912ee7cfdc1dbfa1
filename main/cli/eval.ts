/**
 * `eval`: a model file's accuracy, mean loss and confusion matrix (rows: true class, columns: predicted)
 * on the MNIST test set or a data file, with the preprocessing stored in the model.
 */
import { selectKernels } from '@backprop-lab/core';
import { evaluateDataset } from '@backprop-lab/core';
import { booleanFlag, numberFlag, parseFlags, stringFlag, UsageError } from './args.js';
import { loadDataArgument } from './data.js';
import { loadModelFile } from './model-file.js';
import { percent } from './progress.js';

export async function evalCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { model: 'string', data: 'string', limit: 'string', json: 'boolean' });
  const modelPath = stringFlag(args, 'model');
  if (modelPath === undefined) throw new UsageError('--model FILE is required');
  const limit = numberFlag(args, 'limit', { integer: true, min: 1 });
  const dataArgument = stringFlag(args, 'data') ?? 'mnist-test';
  const kernels = await selectKernels('auto');
  const { saved, model } = loadModelFile(modelPath, kernels);
  const data = await loadDataArgument(dataArgument, limit);
  const result = evaluateDataset(model, saved.preprocessing, data);
  if (booleanFlag(args, 'json')) {
    process.stdout.write(`${JSON.stringify({ model: modelPath, data: dataArgument, count: data.count, ...result })}\n`);
    return 0;
  }
  const lines = [
    `${modelPath} on ${dataArgument} (${data.count} images, ${kernels.name} kernels)`,
    `accuracy ${percent(result.accuracy)}   loss ${result.loss.toFixed(4)}`,
    '',
    'confusion matrix (rows: true class, columns: predicted)',
    `     ${result.confusion.map((_, j) => String(j).padStart(6)).join('')}`,
    ...result.confusion.map((row, i) => `  ${i}  ${row.map((n) => String(n).padStart(6)).join('')}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
