/**
 * `import FILE [--data-dir DIR]`: an ONNX file (or a .bplab, or its JSON export) converted, checked and
 * added to the user's models, where the app, `eval` and `predict` find it. A refused file adds nothing.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseFlags, stringFlag, UsageError } from './args.js';
import { appVersion, modelLibrary } from './model-transfer.js';
import { DEFAULT_DATA_DIR } from './train.js';

export async function importCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { 'data-dir': 'string' }, { positionals: true });
  if (args.positionals.length !== 1) throw new UsageError('give exactly one FILE to import');
  const path = args.positionals[0]!;
  const library = modelLibrary(resolve(stringFlag(args, 'data-dir') ?? DEFAULT_DATA_DIR));
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new Error(`${path}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const info = await library.import(basename(path), bytes, await appVersion());
  const layers = info.modelSpec.layers.map((l) => l.type).join(' → ');
  process.stdout.write(`imported ${path} as ${info.id} (${layers})\n`);
  return 0;
}
