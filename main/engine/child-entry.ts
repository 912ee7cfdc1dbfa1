/**
 * Entry of the engine's child process under `serve`: the engine service on Node's IPC channel, speaking
 * the contract's wire format. Exits when its parent goes away.
 */
import { createBackend } from './backend.js';
import { EngineService } from './service.js';
import { answer } from './deliver.js';

const dataDirIndex = process.argv.indexOf('--data-dir');
const dataDir = dataDirIndex >= 0 ? process.argv[dataDirIndex + 1] : undefined;
if (!dataDir || !process.send) {
  console.error('engine: started without --data-dir or without an IPC channel');
  process.exit(2);
}

const send = (message: unknown) => {
  if (process.connected) process.send!(message);
};
// Listening starts at once (requests may arrive while the backend loads); they wait for the service.
const service = createBackend({ dataDir }).then((backend) => new EngineService(backend, (event, payload) => send({ event, payload })));

process.on('message', (message) => {
  answer(service.then((engine) => engine.handleMessage(message)), send);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => {
  void service.then((engine) => engine.shutdown()).finally(() => process.exit(0));
});

// An engine that cannot open its data directory is of no use: exit, and the host reports why.
service.catch((error: unknown) => {
  console.error(`engine: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
