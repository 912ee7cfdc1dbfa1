/**
 * Entry of the engine's Electron utilityProcess: the engine service, answering the contract's wire
 * messages on every MessagePort the main process hands it (one per page), events to all of them.
 */
import type { MessagePortMain } from 'electron';
import { createBackend } from './backend.js';
import { EngineService } from './service.js';
import { answer } from './deliver.js';
import { useMnistDirectory } from '../datasets/mnist.js';
import { readEngineResources } from '../electron/resource-paths.js';

const dataDirIndex = process.argv.indexOf('--data-dir');
const dataDir = dataDirIndex >= 0 ? process.argv[dataDirIndex + 1] : undefined;
if (!dataDir) {
  console.error('engine: started without --data-dir');
  process.exit(2);
}

// In a packaged app the bundled models and MNIST are beside app.asar (main/electron/resource-paths.ts).
const { bundledModelsDir, mnistDir } = readEngineResources(process.argv);
if (mnistDir) useMnistDirectory(mnistDir);

const ports = new Set<MessagePortMain>();
// Listening starts at once (ports may arrive while the backend loads); requests wait for the service.
const service = createBackend({ dataDir, ...(bundledModelsDir ? { bundledModelsDir } : {}) }).then((backend) => new EngineService(backend, (event, payload) => {
  for (const port of ports) port.postMessage({ event, payload });
}));

process.parentPort.on('message', ({ ports: given }) => {
  for (const port of given) {
    ports.add(port);
    port.on('message', ({ data }) => {
      answer(service.then((engine) => engine.handleMessage(data)), (response) => port.postMessage(response));
    });
    port.on('close', () => ports.delete(port));
    port.start();
  }
});

// An engine that cannot open its data directory is of no use: exit, and the host reports why.
service.catch((error: unknown) => {
  console.error(`engine: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
