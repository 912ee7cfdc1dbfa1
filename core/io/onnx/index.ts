/** ONNX (opset 13): export of a saved model, and import of a graph of the operators the export uses. */
export { onnx, OPSET_VERSION, type OnnxGraphMessage } from './proto.js';
export { encodeOnnx, ONNX_INPUT, ONNX_OUTPUT } from './export.js';
export { decodeOnnx, SUPPORTED_ONNX_OPERATORS, type OnnxImportOptions } from './import.js';
export { ONNX_LIMITS } from './graph-reader.js';
