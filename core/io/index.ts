/** Model files: the native `.bplab` format and the JSON export, bytes in and bytes out. */
export * from './crc32.js';
export * from './container.js';
export * from './manifest.js';
export * from './model-file.js';
export * from './json-export.js';
export * from './checkpoint.js';
export * from './inference-plan.js';
export * from './onnx/index.js';
export * from './torch-names.js';
export * from './safetensors.js';
export * from './npz.js';
export * from './checkpoint-schema.js';
export * from './json-bounds.js';
export * from './tfjs-layers.js';
export * from './export-formats.js';
export * from './import-formats.js';
export * from './model-build.js';
