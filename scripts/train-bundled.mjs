#!/usr/bin/env node
// Reproduces the bundled models: trains each preset (all three, or those named on the command line)
// through our own CLI with the preset's fixed seed, writes resources/models/<name>.bplab (its manifest
// records the test accuracy on the 10,000 MNIST test images) and updates resources/models/index.json.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(root, 'resources', 'models');
const indexPath = join(modelsDir, 'index.json');
const presets = ['seed-mlp', 'lenet5', 'cnn-best'];

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !presets.includes(name));
if (unknown.length > 0) {
  console.error(`unknown preset ${unknown.join(', ')}; the presets are ${presets.join(', ')}`);
  process.exit(2);
}

function trainPreset(name, dataDir) {
  const target = join(modelsDir, `${name}.bplab`);
  const args = [join(root, 'bin', 'backprop-lab.mjs'), 'train', '--preset', name, '--json', '--data-dir', dataDir, '--out', target];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let done = null;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        const event = JSON.parse(line);
        if (event.event === 'epoch') {
          const validation = event.validation ? ` val acc ${(event.validation.accuracy * 100).toFixed(2)}%` : '';
          console.log(`${name} epoch ${event.epoch}/${event.epochs}: train loss ${event.train.loss.toFixed(4)}${validation} (${Math.round(event.elapsedMs / 1000)} s)`);
        }
        if (event.event === 'done') done = event;
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0 || !done) reject(new Error(`training ${name} failed (exit status ${code})`));
      else resolvePromise({ ...done, file: `${name}.bplab` });
    });
  });
}

/** Read afresh before each update, so entries written meanwhile (another preset's run) are kept. */
function readIndex() {
  try {
    return JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch {
    return { models: {} };
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'backprop-lab-bundled-'));
const started = Date.now();
/** [preset, seconds of training, test accuracy], for the closing summary. */
const trained = [];
try {
  for (const name of requested.length > 0 ? requested : presets) {
    const done = await trainPreset(name, dataDir);
    trained.push([name, done.elapsedMs / 1000, done.test.accuracy]);
    const index = readIndex();
    index.models[name] = {
      file: done.file,
      testAccuracy: done.test.accuracy,
      testLoss: done.test.loss,
      epochs: done.epochs,
      trainingTimeSeconds: Math.round(done.elapsedMs / 1000),
      trainedAt: new Date().toISOString(),
    };
    const temporary = `${indexPath}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(index, null, 2)}\n`);
    renameSync(temporary, indexPath);
    console.log(`${name}: test accuracy ${(done.test.accuracy * 100).toFixed(2)}% in ${Math.round(done.elapsedMs / 1000)} s → resources/models/${done.file}`);
  }
  // The full training time of each model (the figure the README's preset table quotes), then the total.
  console.log('\ntraining time (wall clock, whole run: every epoch, validation and the test evaluation)');
  for (const [name, seconds, accuracy] of trained) {
    console.log(`  ${name.padEnd(9)} ${seconds.toFixed(0).padStart(6)} s  (${(seconds / 60).toFixed(1)} min)  test accuracy ${(accuracy * 100).toFixed(2)}%`);
  }
  console.log(`  all       ${((Date.now() - started) / 1000).toFixed(0).padStart(6)} s`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
