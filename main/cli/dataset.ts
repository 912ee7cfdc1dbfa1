/**
 * `dataset import PATH --name NAME | list | delete NAME [--data-dir DIR]`: the user's datasets under
 * DIR/datasets/ (main/datasets/user-datasets.ts), which `train --dataset NAME` and the app's Train form
 * train on. PATH is a folder of PNGs with one subfolder per class, a Kaggle-layout CSV, or an IDX images
 * file with its labels file beside it; a file that does not read adds nothing.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DataError } from '@backprop-lab/core';
import { datasetSourceAt, UserDatasets } from '../datasets/index.js';
import { booleanFlag, parseFlags, stringFlag, UsageError } from './args.js';
import { DEFAULT_DATA_DIR } from './train.js';

const ACTIONS = ['import', 'list', 'delete'] as const;

export async function datasetCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { 'data-dir': 'string', name: 'string', json: 'boolean' }, { positionals: true });
  const [action, ...operands] = args.positionals;
  const datasets = new UserDatasets(resolve(stringFlag(args, 'data-dir') ?? DEFAULT_DATA_DIR));
  const json = booleanFlag(args, 'json');
  switch (action) {
    case 'import': {
      if (operands.length !== 1) throw new UsageError('give exactly one PATH to import');
      const name = stringFlag(args, 'name');
      if (name === undefined) throw new UsageError('--name NAME is required: the name `train --dataset` will use');
      const path = operands[0]!;
      const info = await stat(path).catch(() => null);
      if (!info) throw DataError.of('source.no-such-path', { file: path });
      const imported = await datasets.import(name, datasetSourceAt(path, info.isDirectory()));
      process.stdout.write(json ? `${JSON.stringify(imported)}\n` : `imported ${path} as "${imported.name}": ${imported.count} images, per class ${imported.classCounts.join(' ')}\n`);
      return 0;
    }
    case 'list': {
      if (operands.length !== 0) throw new UsageError('list takes no operands');
      const all = await datasets.list();
      if (json) process.stdout.write(`${JSON.stringify(all)}\n`);
      else if (all.length === 0) process.stdout.write('no imported datasets\n');
      else for (const d of all) process.stdout.write(`${d.name.padEnd(24)} ${String(d.count).padStart(7)} images  ${d.source.padEnd(10)} ${d.importedAt}\n`);
      return 0;
    }
    case 'delete': {
      if (operands.length !== 1) throw new UsageError('give exactly one dataset NAME to delete');
      await datasets.delete(operands[0]!);
      process.stdout.write(`deleted dataset "${operands[0]}"\n`);
      return 0;
    }
    default:
      throw new UsageError(action === undefined ? `give an action: ${ACTIONS.join(', ')}` : `unknown action "${action}" (${ACTIONS.join(', ')})`);
  }
}
