/**
 * The file a worker thread starts from. Run from the repository's sources (the CLI, `serve`, tests: tsx),
 * that is worker-bootstrap.mjs, which registers tsx's loader in the thread. A bundled build (the
 * Electron app) must emit the worker as parallel-worker.js beside the bundle that holds this module; the
 * app's build does not do so yet, so there runs train on one thread (the engine's default) only.
 */
export function workerEntry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker-bootstrap.mjs' : './parallel-worker.js', here);
}
