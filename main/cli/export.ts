/**
 * `export --model M --format F [--out P]`: a model of the library (or a .bplab file) written in one of
 * core's export formats. Files are written atomically; TF.js writes model.json and its shards into the
 * folder P (or the zip, when P ends in .zip).
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { exportFormats, exportModel, importStem, type ExportFormat } from '@backprop-lab/core';
import { choiceFlag, parseFlags, stringFlag, UsageError } from './args.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { loadModelFile } from './model-file.js';
import { modelLibrary, resolveModelId } from './model-transfer.js';
import { DEFAULT_DATA_DIR } from './train.js';
import { createReferenceKernels } from '@backprop-lab/core';

export async function exportCommand(argv: string[]): Promise<number> {
  const args = parseFlags(argv, { model: 'string', format: 'string', out: 'string', 'data-dir': 'string' });
  const name = stringFlag(args, 'model');
  if (name === undefined) throw new UsageError('--model is required (an id such as bundled:lenet5, a name, or a .bplab file)');
  const format: ExportFormat | undefined = choiceFlag(args, 'format', exportFormats);
  if (format === undefined) throw new UsageError(`--format is required (${exportFormats.join(', ')})`);
  const library = modelLibrary(resolve(stringFlag(args, 'data-dir') ?? DEFAULT_DATA_DIR));

  const exported = name.endsWith('.bplab') && existsSync(name)
    ? exportModel(loadModelFile(name, createReferenceKernels()).saved, format, importStem(name))
    : await library.export(await resolveModelId(library, name), format);
  const out = resolve(stringFlag(args, 'out') ?? exported.fileName);
  const files = 'files' in exported ? (exported as { files?: Record<string, Uint8Array> }).files : undefined;
  if (files && !out.endsWith('.zip')) {
    await mkdir(out, { recursive: true });
    for (const [file, bytes] of Object.entries(files)) await writeFileAtomic(join(out, file), bytes);
    process.stdout.write(`${out}/ (${Object.keys(files).join(', ')})\n`);
  } else {
    await writeFileAtomic(out, exported.bytes);
    process.stdout.write(`${out} (${exported.bytes.byteLength} bytes)\n`);
  }
  return 0;
}
