/** The API contract shared by main, preload, renderer and the server (see README.md). */
export * from './specs.js';
export * from './records.js';
export * from './methods.js';
export * from './events.js';
export * from './experiments.js';
export * from './interop.js';
export * from './wire.js';
export * from './errors.js';
export * from './host-errors.js';
export * from './model-library.js';
export * from './api.js';
export * from './handwriting.js';
export * from './handwriting-api.js';
export * from './ipc-channels.js';
export * from './run-history.js';
export * from './run-description.js';
export * from './handwriting-finetune.js';
