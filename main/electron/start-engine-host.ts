/**
 * Runs the engine in an Electron utilityProcess (training never blocks the window) and hands each page
 * a MessagePort straight to it. When the process dies the page is told (engine.status 'crashed') and
 * may ask for a restart; runs are on disk, so they survive as `interrupted`.
 */
import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { ipcPushChannels, type EngineStatus } from '../../contract/index.js';
import engineEntry from '../engine/utility-entry?modulePath';
import { engineResourceArgs, type EngineResources } from './resource-paths.js';

export interface EngineHost {
  status(): EngineStatus;
  restart(): EngineStatus;
  /** Gives this page a fresh port to the current engine (on load, after a restart). */
  connect(contents: WebContents): void;
  stop(): void;
}

export function startEngineHost(options: { dataDir: string; pages: () => WebContents[]; resources?: EngineResources }): EngineHost {
  let child: UtilityProcess | null = null;
  let status: EngineStatus = { state: 'stopped', generation: 0 };

  const publish = () => {
    for (const contents of options.pages()) contents.send(ipcPushChannels.engineStatus, status);
  };
  const connect = (contents: WebContents) => {
    if (!child || status.state !== 'ready') return;
    const { port1, port2 } = new MessageChannelMain();
    child.postMessage({ type: 'connect' }, [port1]);
    contents.postMessage(ipcPushChannels.enginePort, null, [port2]);
  };
  const launch = (): EngineStatus => {
    // The engine parses user files (models, datasets) outside the sandbox because it must read and write
    // the data directory; it is kept minimal for that: a utilityProcess with no window, no Electron API
    // beyond its MessagePorts, every reader bounded (core/limits.ts) and fuzzed (tests/fuzz).
    const process = utilityProcess.fork(engineEntry, ['--data-dir', options.dataDir, ...engineResourceArgs(options.resources ?? {})], { serviceName: 'Backprop Lab engine' });
    child = process;
    status = { state: 'ready', pid: process.pid, generation: status.generation + 1 };
    process.once('exit', (code) => {
      if (child !== process) return;
      child = null;
      status = { state: 'crashed', generation: status.generation, message: `the engine stopped (exit code ${code})`, exitCode: code };
      publish();
    });
    for (const contents of options.pages()) connect(contents);
    publish();
    return status;
  };
  const stop = () => {
    const process = child;
    child = null;
    process?.kill();
  };

  launch();
  return {
    status: () => status,
    restart: () => {
      stop();
      return launch();
    },
    connect,
    stop,
  };
}
