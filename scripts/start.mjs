#!/usr/bin/env node
/**
 * `npm start`: builds the desktop app and launches it in Electron. Where Electron cannot run (its binary
 * was not downloaded, or there is no display), says so in one line and starts the headless server
 * instead, which prints the URL to open. Never ends with a stack trace.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasDisplay, locateElectron } from '../main/electron/locate-binary.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Electron binary, or the reason none can start here. */
function findElectron() {
  const found = locateElectron();
  if (!found.binary) return { reason: `Electron is not available (${found.reason})` };
  if (!hasDisplay()) return { reason: 'there is no display (DISPLAY is not set)' };
  return found;
}

function firstLine(value) {
  const text = value instanceof Error ? value.message : String(value);
  return text.trim().split('\n')[0] ?? text;
}

/** Runs an npm script or command with inherited output; resolves with its exit code. */
function run(command, args) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.once('error', (error) => {
      console.error(`backprop-lab: could not run ${command}: ${firstLine(error)}`);
      resolvePromise(1);
    });
    child.once('exit', (code, signal) => resolvePromise(signal ? 0 : code ?? 1));
  });
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

async function main() {
  const electron = findElectron();
  if (electron.binary) {
    if ((await run(npm, ['run', '--silent', 'build'])) !== 0) {
      console.error('backprop-lab: the build failed (see above).');
      return 1;
    }
    // Only as root on Linux: Chromium refuses to start a sandboxed renderer as root (the sandbox needs
    // an unprivileged user), so there and only there the sandbox is off, and the line below says so.
    // Any other user, and every packaged build, keeps the sandbox.
    const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
    if (asRoot) console.log('Running as root: starting Electron with --no-sandbox.');
    return run(electron.binary, [...(asRoot ? ['--no-sandbox'] : []), '.']);
  }
  console.log(`The desktop app cannot start here: ${electron.reason}; starting the headless server instead.`);
  if ((await run(npm, ['run', '--silent', 'build:renderer', '--', '--logLevel', 'warn'])) !== 0) {
    console.error('backprop-lab: the renderer build failed (see above).');
    return 1;
  }
  return run(process.execPath, [resolve(root, 'bin', 'backprop-lab.mjs'), 'serve', ...process.argv.slice(2)]);
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`backprop-lab: ${firstLine(error)}`);
    process.exitCode = 1;
  },
);
