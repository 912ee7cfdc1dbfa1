#!/usr/bin/env node
// `npm run screenshots` (after the renderer build): the e2e suite's `screenshots` project, which exists
// only when BACKPROP_LAB_SCREENSHOTS=1, refreshes docs/screenshots/ (every view, both languages).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const cli = join(dirname(createRequire(import.meta.url).resolve('@playwright/test/package.json')), 'cli.js');
const child = spawn(process.execPath, [cli, 'test', '--project=screenshots', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, BACKPROP_LAB_SCREENSHOTS: '1' },
});
child.once('exit', (code, signal) => {
  process.exitCode = signal ? 1 : code ?? 1;
});
