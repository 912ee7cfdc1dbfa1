/**
 * The file a worker thread starts from. Run from the repository's sources (the CLI, `serve`, tests: tsx),
 * that is worker-bootstrap.mjs, which registers tsx's loader in the thread; in a bundled build it is the
 * worker's own bundle, emitted beside the main bundle as parallel-worker.js (electron.vite.config.ts).
 */
export function workerEntry(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './worker-bootstrap.mjs' : './parallel-worker.js', here);
}
