/**
 * What the engine service needs from the rest of the host, as narrow interfaces: the run store (read
 * only), the model library, the kernel providers and the one run lifecycle (main/runs' startRun and
 * resumeRun). backend.ts wires the real modules (core/, main/store/, main/runs/); tests pass stand-ins.
 */
import type { ExportFormat, TrainEvent, TrainSpec } from '@backprop-lab/core';
import type { FittedPreprocessing, Model } from '@backprop-lab/core';
import type { CheckpointInfo, DamagedRun, EpochPoint, IterationPoint, LayerSummary, ModelInfo, Preset, ProviderStatusRecord, ResumeChanges, SkippedModelFile } from '../../contract/index.js';
import type { ActiveRun, RunDescription, RunEnvironment, RunOutcome } from '../runs/index.js';
import type { RunRecord } from '../store/run-record.js';

/** A run as the store keeps it: run.json, written by main/runs alone. */
export type StoredRun = RunRecord;

/**
 * What the engine reads of the run store (main/store's RunStore fits it as it is). Its list/get report a
 * run whose owner process died as `interrupted` (the engine relies on that after a crash). Training writes
 * nothing here: run.json, metrics and checkpoints are main/runs' to write (a rename aside).
 */
export interface RunStorePort {
  list(): Promise<StoredRun[]>;
  /** The run folders `list` leaves out because their run.json cannot be read, each with why as error data. */
  damaged(): Promise<DamagedRun[]>;
  get(id: string): Promise<StoredRun | undefined>;
  readMetrics(id: string): Promise<{ iterations: IterationPoint[]; epochs: EpochPoint[] }>;
  delete(id: string): Promise<void>;
  /**
   * A run renamed (runs.rename): its name in run.json, the only field the engine writes itself; the parts
   * of an engine-made name go with the old name (a typed name is shown as typed).
   */
  rename(id: string, name: string): Promise<StoredRun>;
  /** The checkpoints a run keeps, newest (the resume point) first. */
  listCheckpoints(id: string): Promise<CheckpointInfo[]>;
}

/** Every event of a run's loop, once main/runs has recorded it, with the run's id. */
export type RunEventListener = (event: TrainEvent, runId: string) => void;

/** A run in training, as main/runs' ActiveRun: steer it, and learn its final record when it ends. */
export type RunHandle = Pick<ActiveRun, 'record' | 'pause' | 'resume' | 'stop'> & {
  /** Settles with the final record; rejects (after recording `failed`) on an error. */
  readonly finished: Promise<Pick<RunOutcome, 'record'>>;
};

/** A model ready to classify 28×28 drawings (its preprocessing applied inside). */
export interface LoadedModel {
  info: ModelInfo;
  summary: LayerSummary[];
  totalParams: number;
  trainSpec?: TrainSpec;
  testLoss?: number;
  /** 784 pixels, ink 1 on 0 → class probabilities. */
  classify(pixels: Float32Array): Float32Array;
  /** The network itself and its fitted preprocessing, to look inside (saliency, activations, evaluation). */
  network?: { model: Model; preprocessing: FittedPreprocessing | null };
}

export interface ModelLibraryPort {
  list(): Promise<ModelInfo[]>;
  /** Files list() leaves out because they cannot be read, with why. */
  skipped(): Promise<SkippedModelFile[]>;
  load(id: string): Promise<LoadedModel>;
  delete(id: string): Promise<void>;
  /** The file's bytes in `format` and a file name for it. */
  export(id: string, format: ExportFormat): Promise<{ fileName: string; bytes: Uint8Array }>;
  /** Converts and checks an uploaded model file, then adds it to the user's library. */
  import(fileName: string, bytes: Uint8Array, appVersion: string): Promise<ModelInfo>;
}

/** The user's choices that outlive an engine process (<dataDir>/settings.json). */
export interface Preferences {
  provider?: TrainSpec['provider'];
}

export interface PreferencesPort {
  read(): Promise<Preferences>;
  write(preferences: Preferences): Promise<void>;
}

export interface EngineBackend {
  dataDir: string;
  preferences: PreferencesPort;
  version: string;
  presets(): Preset[];
  detectProviders(): Promise<ProviderStatusRecord[]>;
  runs: RunStorePort;
  models: ModelLibraryPort;
  /**
   * main/runs' startRun: checks the description against its data first (a refused run leaves no run),
   * then trains it; resolves once the run exists.
   */
  startRun(description: RunDescription, onEvent: RunEventListener): Promise<RunHandle>;
  /** main/runs' resumeRun: a stored run goes on from its newest checkpoint, on the data it names. */
  resumeRun(runId: string, changes: ResumeChanges, onEvent: RunEventListener): Promise<RunHandle>;
  /** What main/runs' lifecycle needs to store a run with data the host holds (experiments saved as runs); absent in stand-ins. */
  runEnvironment?: Pick<RunEnvironment, 'dataDir' | 'appVersion' | 'models'>;
}
