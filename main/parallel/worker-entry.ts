/**
 * The file a worker thread starts from. Run from the repository's sources (the CLI, `serve`, tests: tsx),
 * that is worker-bootstrap.mjs, which registers tsx's loader in the thread. A bundled build (the
 * Electron app) emits the worker as parallel-worker.js beside the chunk that holds this module
 * (electron.vite.config.ts).
 */
export function workerEntry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker-bootstrap.mjs' : './parallel-worker.js', here);
}
