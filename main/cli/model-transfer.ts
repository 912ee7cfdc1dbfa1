/**
 * What `export` and `import` share: the model library of a data directory (bundled models and the
 * user's), the app's version for provenance, and how `--model` names a model.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { selectKernels } from '@backprop-lab/core';
import { ModelLibrary } from '../engine/model-library.js';
import { ModelStore } from '../store/model-store.js';

const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../resources/models/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

export function modelLibrary(dataDir: string): ModelLibrary {
  return new ModelLibrary(new ModelStore(BUNDLED_MODELS_DIR, join(dataDir, 'models')), () => selectKernels('js'));
}

export async function appVersion(): Promise<string> {
  const text = await readFile(PACKAGE_JSON, 'utf8');
  return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
}

/** `bundled:lenet5`, `user:run-3`, or a bare name (the bundled model of that name first, then the user's). */
export async function resolveModelId(library: ModelLibrary, name: string): Promise<string> {
  if (/^(bundled|user):/.test(name)) return name;
  for (const source of ['bundled', 'user']) {
    const id = `${source}:${name}`;
    try {
      if (existsSync(library.store.pathOf(id))) return id;
    } catch {
      break; // not a usable model name at all
    }
  }
  const known = (await library.list()).map((m) => m.id).join(', ');
  throw new Error(`no model "${name}" (the models are ${known || 'none'})`);
}
