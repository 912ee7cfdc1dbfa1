/**
 * electron-vite build of the desktop app into out/: main (Node, ESM; the engine's utilityProcess entry
 * comes along through its `?modulePath` import), preload (CommonJS with every dependency bundled in,
 * because a sandboxed preload can require nothing but a few Electron modules) and the renderer (root
 * renderer/, the same Vue app the headless server serves).
 */
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import { onBuildWarning, RENDERER_CHUNK_LIMIT_KB } from './renderer/build-warnings';

const fromRoot = (path: string) => resolve(import.meta.dirname, path);

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      rollupOptions: {
        input: { index: fromRoot('main/index.ts'), 'parallel-worker': fromRoot('main/parallel/worker.ts') },
        // The data-parallel training worker goes beside the engine's chunk, where main/parallel/worker-entry.ts looks for it.
        output: { entryFileNames: (chunk) => (chunk.name === 'parallel-worker' ? 'chunks/parallel-worker.js' : '[name].js') },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: fromRoot('preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    base: './',
    plugins: [vue()],
    build: {
      outDir: fromRoot('out/renderer'),
      // electron-vite leaves bundles unminified by default; the renderer is the one that gains from it.
      minify: true,
      rollupOptions: { input: { index: fromRoot('renderer/index.html') }, onwarn: onBuildWarning },
      // The polyfill would be an inline script, which the Content-Security-Policy forbids.
      modulePreload: { polyfill: false },
      // Fonts (KaTeX's) as files, never data: URLs, which the Content-Security-Policy's font-src 'self' refuses.
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: RENDERER_CHUNK_LIMIT_KB,
    },
  },
});
