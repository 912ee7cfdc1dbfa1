#!/usr/bin/env node
// The `backprop-lab` command: registers tsx's ESM loader so Node runs the TypeScript CLI as it is in the
// repository (no build step), then hands the arguments to main/cli/index.ts and exits with its status.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../main/cli/index.ts');
const exitCode = await runCli(process.argv.slice(2));
process.exitCode = exitCode;
