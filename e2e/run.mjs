#!/usr/bin/env node
// `npm run test:e2e` (after `npm run build:renderer`): registers tsx's loader so the TypeScript runner and
// specs run as they are, then runs project `browser` (always) and project `electron` (when it can).
import { register } from 'tsx/esm/api';

register();
const { runProjects } = await import('./runner.ts');
process.exitCode = await runProjects(process.argv.slice(2));
