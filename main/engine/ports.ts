/**
 * What the engine service needs from the rest of the host, as narrow interfaces: the run store, the
 * model library, the datasets, the kernel providers and the training loop. backend.ts wires the real
 * modules (core/, main/store/, main/datasets/); tests pass small stand-ins.
 */
import type { ExportFormat, ModelSpec, TrainSpec } from '@backprop-lab/core';
import type { TrainingCheckpoint } from '@backprop-lab/core';
import type { FittedPreprocessing, Model } from '@backprop-lab/core';
import type { CheckpointInfo, EpochPoint, IterationPoint, LayerSummary, ModelInfo, Preset, ProviderStatusRecord, RunStatus } from '../../contract/index.js';

/** A run as the store keeps it (run.json; main/store's RunRecord). */
export interface StoredRun {
  id: string;
  name: string;
  preset?: string;
  /** The contract's statuses, plus the store's `diverged` (shown as failed). */
  status: RunStatus | 'diverged';
  createdAt: string;
  updatedAt: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  epochsDone: number;
  durationMs: number;
  validationAccuracy?: number;
  testAccuracy?: number;
  modelId?: string;
  error?: string;
  /** The data limits the run was started with, so a resumed run trains on the same samples. */
  trainSubset?: number;
  testSubset?: number;
}

/**
 * main/store's RunStore fits this as it is. Its list/get report a run whose owner process died as
 * `interrupted` (the engine relies on that after a crash).
 */
export interface RunStorePort {
  list(): Promise<StoredRun[]>;
  get(id: string): Promise<StoredRun | undefined>;
  create(run: Omit<StoredRun, 'id' | 'createdAt' | 'updatedAt'>): Promise<StoredRun>;
  update(id: string, patch: Partial<Omit<StoredRun, 'id' | 'createdAt'>>): Promise<StoredRun>;
  appendMetrics(id: string, point: { kind: 'iteration'; point: IterationPoint } | { kind: 'epoch'; point: EpochPoint }): Promise<void>;
  readMetrics(id: string): Promise<{ iterations: IterationPoint[]; epochs: EpochPoint[] }>;
  delete(id: string): Promise<void>;
  /** The newest checkpoint of a run, to resume it; null when it has none. */
  loadLatestCheckpoint(id: string): Promise<TrainingCheckpoint | null>;
  /** This process takes over a run (to resume it): it becomes `running` again. */
  claimRun(id: string): Promise<StoredRun>;
  /** The checkpoints a run keeps, newest (the resume point) first. */
  listCheckpoints(id: string): Promise<CheckpointInfo[]>;
}

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
  load(id: string): Promise<LoadedModel>;
  delete(id: string): Promise<void>;
  /** The file's bytes in `format` and a file name for it. */
  export(id: string, format: ExportFormat): Promise<{ fileName: string; bytes: Uint8Array }>;
  /** Converts and checks an uploaded model file, then adds it to the user's library. */
  import(fileName: string, bytes: Uint8Array, appVersion: string): Promise<ModelInfo>;
}

/** One training job handed to the loop; events arrive through the callbacks. */
export interface TrainingJob {
  runId: string;
  modelSpec: ModelSpec;
  trainSpec: TrainSpec;
  trainSubset?: number;
  testSubset?: number;
  /** Continue from this checkpoint (an interrupted run) instead of from fresh weights. */
  resumeFrom?: TrainingCheckpoint;
  onIteration(point: IterationPoint & { iterationsPerEpoch: number }): void;
  onEpoch(point: EpochPoint & { epochs: number }): void;
}

export interface TrainingOutcome {
  reason: 'completed' | 'early-stop' | 'stopped' | 'diverged';
  message?: string;
  modelId?: string;
  validationAccuracy?: number;
  testAccuracy?: number;
  testLoss?: number;
}

export interface TrainingHandle {
  pause(): void;
  resume(): void;
  stop(): void;
  /** Settles when the loop ends; rejects on an error that is not a stop or a divergence. */
  readonly finished: Promise<TrainingOutcome>;
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
  train(job: TrainingJob): TrainingHandle;
}
