/**
 * Finds the Electron binary without starting a download (requiring the `electron` package tries to
 * download a missing binary and prints a stack trace when it cannot). Used by `npm start` and the e2e
 * runner. Returns { binary } when one can start here, else { reason } in a few words.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function locateElectron() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(packageDir, 'dist');
  const binary = executable ? join(distDir, executable) : undefined;
  if (!binary || !existsSync(binary)) return { reason: 'its binary was not downloaded when the electron package was installed' };
  const probe = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (probe.status !== 0) {
    const detail = String(probe.stderr || probe.error?.message || `exit ${probe.status}`).trim().split('\n')[0];
    return { reason: `its binary does not run (${detail})` };
  }
  return { binary };
}

/** Whether a window can open: a display on Linux (xvfb-run provides one), always elsewhere. */
export function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}
