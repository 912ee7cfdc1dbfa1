/**
 * An engine as its host sees it, wherever it runs (this process, a child process, an Electron
 * utilityProcess): send a raw request, hear raw events, learn when it exits.
 */
import type { Response } from '../../contract/index.js';

/** How an engine process ended: its exit code, or the signal that ended it. */
export interface EngineExit {
  exitCode?: number;
  signal?: string;
}

export interface EngineConnection {
  /** Process id when the engine has its own process. */
  readonly pid?: number;
  /** Sends one `{id, method, params}` message; resolves with its response (or never, if the engine dies). */
  send(message: unknown): void;
  onResponse(listener: (response: Response) => void): void;
  onEvent(listener: (message: unknown) => void): void;
  /**
   * Called once when the engine ends, with a reason in English for logs and, when its process ended,
   * the exit code or signal as data (the app words them in the user's language).
   */
  onExit(listener: (reason: string, exit?: EngineExit) => void): void;
  /** Ends the engine; resolves once it is gone. */
  stop(): Promise<void>;
}
