/**
 * Builds the renderer alone (`npm run build:renderer`) into out/renderer/. The base is relative so the
 * same files load from file:// in Electron and from the headless server under any path. Paths come from
 * this file's URL (no Node built-ins: the renderer room imports none).
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { onBuildWarning, RENDERER_CHUNK_LIMIT_KB } from './build-warnings';

const pathOf = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);

export default defineConfig({
  root: pathOf('.'),
  base: './',
  plugins: [vue()],
  build: {
    outDir: pathOf('../out/renderer'),
    emptyOutDir: true,
    // The polyfill would be an inline script, which the Content-Security-Policy forbids.
    modulePreload: { polyfill: false },
    // Fonts (KaTeX's) as files, never data: URLs, which the Content-Security-Policy's font-src 'self' refuses.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: RENDERER_CHUNK_LIMIT_KB,
    rollupOptions: { onwarn: onBuildWarning },
  },
});
