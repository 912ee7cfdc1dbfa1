import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['core/**/*.test.ts', 'main/**/*.test.ts', 'contract/**/*.test.ts', 'preload/**/*.test.ts', 'renderer/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['renderer/testing/setup.testing.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
