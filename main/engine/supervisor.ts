/**
 * Keeps one engine running for a host (the headless server, the CLI): forwards requests to it, answers
 * `engine.status`, `engine.restart` and `window.setTheme` (no native window here) itself, and when the engine dies fails the requests in flight,
 * reports `engine.status` { state: 'crashed' } and waits for a restart (runs are on disk, so nothing is lost).
 */
import {
  errorResponse, parseRequest, parseResponse, rejectionOf, type EngineStatus, type EventMessage, type RequestId, type Response,
} from '../../contract/index.js';
import type { EngineConnection, EngineExit } from './connection.js';

export type EngineLauncher = () => EngineConnection;

interface Pending {
  resolve(response: Response): void;
  clientId: RequestId;
}

export class EngineSupervisor {
  private connection: EngineConnection | null = null;
  private status: EngineStatus = { state: 'stopped', generation: 0 };
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly listeners = new Set<(message: EventMessage | { event: string; payload: unknown }) => void>();

  constructor(private readonly launch: EngineLauncher) {}

  start(): EngineStatus {
    if (this.connection) return this.status;
    const connection = this.launch();
    this.connection = connection;
    this.status = { state: 'ready', pid: connection.pid, generation: this.status.generation + 1 };
    connection.onResponse((response) => this.settle(response));
    connection.onEvent((message) => this.broadcast(message as { event: string; payload: unknown }));
    connection.onExit((reason, exit) => this.handleExit(connection, reason, exit));
    this.broadcast({ event: 'engine.status', payload: this.status });
    return this.status;
  }

  async restart(): Promise<EngineStatus> {
    const old = this.connection;
    if (old) {
      this.connection = null;
      await old.stop();
      this.failPending('the engine was restarted');
    }
    return this.start();
  }

  async stop(): Promise<void> {
    const old = this.connection;
    this.connection = null;
    this.status = { ...this.status, state: 'stopped', pid: undefined, message: 'stopped' };
    if (old) await old.stop();
    this.failPending('the engine stopped');
  }

  getStatus(): EngineStatus {
    return this.status;
  }

  /** Every event of every engine generation, plus engine.status changes. */
  subscribe(listener: (message: { event: string; payload: unknown }) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes one raw client message and resolves with the response to send back (`id: null` when its id is unreadable). */
  async handle(raw: unknown): Promise<Response> {
    let request;
    try {
      request = parseRequest(raw);
    } catch (error) {
      return rejectionOf(raw, error);
    }
    if (request.method === 'engine.status') return { id: request.id, result: this.status };
    if (request.method === 'engine.restart') return { id: request.id, result: await this.restart() };
    // A browser's page has no native parts to theme: its own colours follow the choice already.
    if (request.method === 'window.setTheme') return { id: request.id, result: { native: false } };
    const connection = this.connection;
    if (!connection) return errorResponse(request.id, new Error(`the engine is not running (${this.status.message ?? this.status.state}); restart it`));
    const engineId = this.nextId++;
    return new Promise<Response>((resolve) => {
      this.pending.set(engineId, { resolve, clientId: request.id });
      connection.send({ id: engineId, method: request.method, params: request.params });
    });
  }

  private settle(raw: Response): void {
    let response: Response;
    try {
      response = parseResponse(raw);
    } catch {
      return;
    }
    const pending = typeof response.id === 'number' ? this.pending.get(response.id) : undefined;
    if (!pending) return;
    this.pending.delete(response.id as number);
    pending.resolve({ ...response, id: pending.clientId });
  }

  private handleExit(connection: EngineConnection, reason: string, exit: EngineExit = {}): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.status = { state: 'crashed', generation: this.status.generation, message: `the engine stopped: ${reason}`, ...exit };
    this.failPending(this.status.message!);
    this.broadcast({ event: 'engine.status', payload: this.status });
  }

  private failPending(message: string): void {
    for (const [id, pending] of this.pending) {
      this.pending.delete(id);
      pending.resolve(errorResponse(pending.clientId, new Error(message)));
    }
  }

  private broadcast(message: { event: string; payload: unknown }): void {
    for (const listener of this.listeners) listener(message);
  }
}
