/**
 * Where the renderer gets its LabApi: `window.lab` when the Electron preload exposed it, else a
 * WebSocket client of the headless server. The app provides one at start (tests provide a fake) and
 * every store reads it through useLab().
 */
import type { LabApi } from '../../contract/index.js';
import { createWebSocketLab } from './websocket';

declare global {
  interface Window {
    /** The typed bridge the Electron preload exposes; absent in a plain browser. */
    lab?: LabApi;
  }
}

let current: LabApi | null = null;

export function connectLab(): LabApi {
  return window.lab ?? createWebSocketLab();
}

export function provideLab(api: LabApi): void {
  current = api;
}

export function useLab(): LabApi {
  if (!current) throw new Error('No LabApi provided: call provideLab() before mounting the app.');
  return current;
}

export type { LabApi };
