/** An engine in this very process (tests, the CLI): the same connection shape as a child process, no IPC. */
import type { Response } from '../../contract/index.js';
import type { EngineConnection } from './connection.js';
import type { EngineBackend } from './ports.js';
import { EngineService } from './service.js';

export function startInProcessEngine(backend: EngineBackend): EngineConnection & { service: EngineService; crash(reason?: string): void } {
  const responseListeners: Array<(response: Response) => void> = [];
  const eventListeners: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(reason: string) => void> = [];
  let alive = true;
  const service = new EngineService(backend, (event, payload) => {
    if (alive) for (const listener of eventListeners) listener({ event, payload });
  });
  const end = (reason: string) => {
    if (!alive) return;
    alive = false;
    for (const listener of exitListeners) listener(reason);
  };
  return {
    service,
    send(message) {
      void service.handleMessage(message).then((response) => {
        if (alive && response) for (const listener of responseListeners) listener(response);
      });
    },
    onResponse: (listener) => void responseListeners.push(listener),
    onEvent: (listener) => void eventListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    crash: (reason = 'killed') => end(reason),
    async stop() {
      await service.shutdown();
      end('stopped');
    },
  };
}
