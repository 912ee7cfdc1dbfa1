/**
 * The real engine backend: core's presets and kernel providers, main/store's run store
 * (<dataDir>/runs) and model store (bundled models in resources/models, the user's in
 * <dataDir>/models), and the one run lifecycle of main/runs (MNIST or an imported dataset). Everything the engine service needs, wired once per engine process.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectProviders, selectKernels } from '@backprop-lab/core';
import { presetNames, getPreset } from '@backprop-lab/core';
import { writeFileAtomic } from '../store/atomic-write.js';
import { readPreferences } from '../store/preferences-file.js';
import { ModelStore } from '../store/model-store.js';
import { RunStore } from '../store/run-store.js';
import { ModelLibrary } from './model-library.js';
import type { EngineBackend } from './ports.js';
import { resumeRun, startRun, type RunEnvironment } from '../runs/index.js';

export interface BackendOptions {
  dataDir: string;
  /** Where the bundled models are; resources/models of the repository unless told. */
  bundledModelsDir?: string;
}

/**
 * The app's root (the folder with its package.json and resources/): two levels up from this source file,
 * three from the built chunk in out/main/chunks/, so it is looked for rather than assumed. In a package
 * it is app.asar, which holds package.json but not resources/ (those are passed in: resource-paths.ts).
 */
function findAppRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && (existsSync(join(dir, 'resources')) || dir.endsWith('.asar'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    dir = parent;
  }
}

export async function createBackend(options: BackendOptions): Promise<EngineBackend> {
  const appRoot = findAppRoot();
  const dataDir = resolve(options.dataDir);
  const runsDir = join(dataDir, 'runs');
  const preferencesPath = join(dataDir, 'settings.json');
  await mkdir(runsDir, { recursive: true });
  const version = await readFile(join(appRoot, 'package.json'), 'utf8')
    .then((text) => (JSON.parse(text) as { version?: string }).version ?? 'unknown')
    .catch(() => 'unknown');
  const models = new ModelLibrary(
    new ModelStore(options.bundledModelsDir ?? join(appRoot, 'resources', 'models'), join(dataDir, 'models')),
    () => selectKernels('js').catch(() => selectKernels('reference')),
  );
  const runs = new RunStore(dataDir);
  // The run lifecycle adds each finished run's model to the same store the library reads.
  const environment = (onEvent: RunEnvironment['onEvent']): RunEnvironment => ({ dataDir, appVersion: version, models: models.store, onEvent });
  let providers: ReturnType<typeof detectProviders> | undefined;
  return {
    dataDir,
    version,
    presets: () => presetNames.map((name) => getPreset(name)),
    detectProviders: () => (providers ??= detectProviders()),
    preferences: {
      read: () => readPreferences(preferencesPath),
      write: (preferences) => writeFileAtomic(preferencesPath, JSON.stringify(preferences, null, 2)),
    },
    runs,
    models,
    startRun: (description, onEvent) => startRun(description, environment(onEvent)),
    resumeRun: (runId, changes, onEvent) => resumeRun(runId, environment(onEvent), changes),
    runEnvironment: { dataDir, appVersion: version, models: models.store },
  };
}
