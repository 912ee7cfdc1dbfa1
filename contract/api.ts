/**
 * LabApi: the one typed object the renderer talks to, whatever carries it (window.lab over Electron's
 * MessagePort, a WebSocket client in a browser, the engine itself in-process). bindLabApi builds it on
 * any transport that can send a request and deliver events, validating every result and event it
 * receives against the contract.
 */
import type { EventName, EventPayload } from './events.js';
import type { MethodName, MethodParams, MethodResult } from './methods.js';
import { parseEvent, parseResult } from './wire.js';
import { bindHandwritingApi, bindInsightApi, type HandwritingApi, type InsightApi } from './handwriting-api.js';

export type Unsubscribe = () => void;

export interface LabApi {
  models: {
    list(): Promise<MethodResult<'models.list'>>;
    get(id: string): Promise<MethodResult<'models.get'>>;
    delete(id: string): Promise<MethodResult<'models.delete'>>;
    export(params: MethodParams<'models.export'>): Promise<MethodResult<'models.export'>>;
    import(params: MethodParams<'models.import'>): Promise<MethodResult<'models.import'>>;
    /** Files the library could not read, with why. */
    skipped(): Promise<MethodResult<'models.skipped'>>;
    /** Each library model with why its weights cannot start `modelSpec` (none: they can). */
    fitting(modelSpec: MethodParams<'models.fitting'>['modelSpec']): Promise<MethodResult<'models.fitting'>>;
  };
  datasets: {
    /** The datasets the user imported. */
    list(): Promise<MethodResult<'datasets.list'>>;
    /** An upload of the user's files as a new dataset (contract/dataset-import.ts). */
    importBegin(params: MethodParams<'datasets.importBegin'>): Promise<MethodResult<'datasets.importBegin'>>;
    importChunk(params: MethodParams<'datasets.importChunk'>): Promise<MethodResult<'datasets.importChunk'>>;
    importFinish(uploadId: string): Promise<MethodResult<'datasets.importFinish'>>;
    importCancel(uploadId: string): Promise<MethodResult<'datasets.importCancel'>>;
    delete(name: string): Promise<MethodResult<'datasets.delete'>>;
  };
  predict(modelId: string, input: number[]): Promise<MethodResult<'predict'>>;
  presets: {
    list(): Promise<MethodResult<'presets.list'>>;
  };
  runs: {
    list(): Promise<MethodResult<'runs.list'>>;
    /** The run folders left out of `list` because their run.json cannot be read, each with why. */
    damaged(): Promise<MethodResult<'runs.damaged'>>;
    get(id: string): Promise<MethodResult<'runs.get'>>;
    start(params: MethodParams<'runs.start'>): Promise<MethodResult<'runs.start'>>;
    pause(id: string): Promise<MethodResult<'runs.pause'>>;
    resume(id: string, changes?: Omit<MethodParams<'runs.resume'>, 'id'>): Promise<MethodResult<'runs.resume'>>;
    stop(id: string): Promise<MethodResult<'runs.stop'>>;
    delete(id: string): Promise<MethodResult<'runs.delete'>>;
    rename(id: string, name: string): Promise<MethodResult<'runs.rename'>>;
    checkpoints(id: string): Promise<MethodResult<'runs.checkpoints'>>;
  };
  settings: {
    get(): Promise<MethodResult<'settings.get'>>;
    setProvider(provider: MethodParams<'settings.setProvider'>['provider']): Promise<MethodResult<'settings.setProvider'>>;
  };
  /** The window the page is shown in (window-methods.ts). */
  window: {
    setTheme(theme: MethodParams<'window.setTheme'>['theme']): Promise<MethodResult<'window.setTheme'>>;
  };
  engine: {
    status(): Promise<MethodResult<'engine.status'>>;
    restart(): Promise<MethodResult<'engine.restart'>>;
  };
  experiments: {
    list(): Promise<MethodResult<'experiments.list'>>;
    run(params: MethodParams<'experiments.run'>): Promise<MethodResult<'experiments.run'>>;
    stop(jobId: string): Promise<MethodResult<'experiments.stop'>>;
  };
  handwriting: HandwritingApi;
  insight: InsightApi;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): Unsubscribe;
}

/** What a carrier must provide: send one request and get its raw result; deliver raw event messages. */
export interface LabTransport {
  call(method: MethodName, params: unknown): Promise<unknown>;
  /** Calls `listener` with every raw `{event, payload}` message until unsubscribed. */
  subscribe(listener: (message: unknown) => void): Unsubscribe;
}

export function bindLabApi(transport: LabTransport): LabApi {
  const call = async <M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> =>
    parseResult(method, await transport.call(method, params));
  return {
    models: {
      list: () => call('models.list', {}),
      get: (id) => call('models.get', { id }),
      delete: (id) => call('models.delete', { id }),
      export: (params) => call('models.export', params),
      import: (params) => call('models.import', params),
      skipped: () => call('models.skipped', {}),
      fitting: (modelSpec) => call('models.fitting', { modelSpec }),
    },
    datasets: {
      list: () => call('datasets.list', {}),
      importBegin: (params) => call('datasets.importBegin', params),
      importChunk: (params) => call('datasets.importChunk', params),
      importFinish: (uploadId) => call('datasets.importFinish', { uploadId }),
      importCancel: (uploadId) => call('datasets.importCancel', { uploadId }),
      delete: (name) => call('datasets.delete', { name }),
    },
    predict: (modelId, input) => call('predict', { modelId, input }),
    presets: { list: () => call('presets.list', {}) },
    runs: {
      list: () => call('runs.list', {}),
      damaged: () => call('runs.damaged', {}),
      get: (id) => call('runs.get', { id }),
      start: (params) => call('runs.start', params),
      pause: (id) => call('runs.pause', { id }),
      resume: (id, changes) => call('runs.resume', { ...changes, id }),
      stop: (id) => call('runs.stop', { id }),
      delete: (id) => call('runs.delete', { id }),
      rename: (id, name) => call('runs.rename', { id, name }),
      checkpoints: (id) => call('runs.checkpoints', { id }),
    },
    settings: {
      get: () => call('settings.get', {}),
      setProvider: (provider) => call('settings.setProvider', { provider }),
    },
    window: { setTheme: (theme) => call('window.setTheme', { theme }) },
    engine: {
      status: () => call('engine.status', {}),
      restart: () => call('engine.restart', {}),
    },
    experiments: {
      list: () => call('experiments.list', {}),
      run: (params) => call('experiments.run', params),
      stop: (jobId) => call('experiments.stop', { jobId }),
    },
    handwriting: bindHandwritingApi(call),
    insight: bindInsightApi(call),
    on(event, handler) {
      return transport.subscribe((raw) => {
        let message;
        try {
          message = parseEvent(raw);
        } catch (error) {
          console.warn('lab: dropped an invalid event:', error instanceof Error ? error.message : error);
          return;
        }
        if (message.event === event) handler(message.payload as EventPayload<typeof event>);
      });
    },
  };
}
