/** Files on disk: the run store (runs, metrics, checkpoints, final models) and the model library. */
export * from './atomic-write.js';
export * from './process-alive.js';
export * from './run-record.js';
export * from './run-store.js';
export * from './checkpoint-files.js';
export * from './model-store.js';
