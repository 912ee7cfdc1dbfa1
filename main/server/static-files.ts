/**
 * Serves the built renderer (out/renderer/) read-only: known file types only, no path outside the
 * folder (symlinks included), index.html for the root.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/** The file for a URL path, or undefined when there is none (or the path escapes the folder). */
export async function readStaticFile(rootDir: string, urlPath: string): Promise<StaticFile | undefined> {
  const root = resolve(rootDir);
  let relative: string;
  try {
    relative = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (relative === '/' || relative === '') relative = '/index.html';
  const path = resolve(join(root, normalize(relative)));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const contentType = contentTypes[extname(path).toLowerCase()];
  if (!contentType) return undefined;
  try {
    // A symlink inside the folder may point anywhere: the real path must stay inside the real root.
    const [realRoot, realPath] = await Promise.all([realpath(root), realpath(path)]);
    if (!realPath.startsWith(realRoot + sep)) return undefined;
    if (!(await stat(realPath)).isFile()) return undefined;
    return { body: await readFile(path), contentType };
  } catch {
    return undefined;
  }
}
