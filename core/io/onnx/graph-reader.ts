/**
 * Reading an ONNX file defensively: protobufjs decodes the ModelProto (a truncated or foreign file throws
 * ModelFileError; every refusal carries an onnx.* code of core/messages.ts), then every limit is checked before anything is allocated from the file's numbers:
 * the node and initialiser counts, each tensor's dimensions and element count, and that its stored bytes
 * (raw_data, float_data, double_data, int64_data) hold exactly that many values.
 */
import { ModelFileError } from '../../errors.js';
import { formatMessage, type MessageCode, type MessageData, type MessageParams } from '../../messages.js';
import { DataType, onnx, toNumber, type OnnxGraphMessage, type OnnxAttribute, type OnnxModel, type OnnxNode, type OnnxTensor } from './proto.js';

export const ONNX_LIMITS = {
  /** Larger than any network this app trains (cnn-best is 2 MB) by far, small enough to refuse junk early. */
  fileBytes: 256 * 1024 * 1024,
  nodes: 10_000,
  initializers: 10_000,
  /** Elements in one tensor (64 Mi floats = 256 MB). */
  tensorElements: 64 * 1024 * 1024,
  rank: 8,
};

export type TensorValues = Float32Array | Float64Array | number[];

export interface ConstantTensor {
  name: string;
  dims: number[];
  dtype: 'float32' | 'float64' | 'int64';
  values: TensorValues;
}

export interface OnnxGraph {
  model: OnnxModel;
  nodes: OnnxNode[];
  /** Initialisers and the outputs of Constant nodes, by value name. */
  constants: Map<string, ConstantTensor>;
  metadata: Map<string, string>;
  opset: number;
}

export function readOnnxGraph(bytes: Uint8Array, where: string): OnnxGraph {
  if (bytes.length > ONNX_LIMITS.fileBytes) {
    throw ModelFileError.of('onnx.too-large', { file: where, bytes: bytes.length, max: ONNX_LIMITS.fileBytes });
  }
  let model: OnnxModel;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw ModelFileError.of('onnx.unreadable', { file: where, reason: (error as Error).message });
  }
  const graph = model.graph as OnnxGraphMessage | null | undefined;
  if (!graph || graph.node.length === 0) throw ModelFileError.of('onnx.no-graph', { file: where });
  const opsetEntry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!opsetEntry) throw ModelFileError.of('onnx.no-opset', { file: where });
  if (graph.node.length > ONNX_LIMITS.nodes) throw ModelFileError.of('onnx.too-many-nodes', { file: where, count: graph.node.length, max: ONNX_LIMITS.nodes });
  if (graph.initializer.length > ONNX_LIMITS.initializers) {
    throw ModelFileError.of('onnx.too-many-initialisers', { file: where, count: graph.initializer.length, max: ONNX_LIMITS.initializers });
  }
  const constants = new Map<string, ConstantTensor>();
  for (const tensor of graph.initializer) {
    constants.set(tensor.name ?? '', readTensor(tensor, { code: 'onnx.initialiser', params: { file: where, tensor: tensor.name ?? '' } }));
  }
  for (const node of graph.node) {
    if (node.opType !== 'Constant') continue;
    const value = node.attribute?.find((a) => a.name === 'value')?.t;
    const output = node.output?.[0];
    if (!value || !output) throw ModelFileError.of('onnx.constant-no-value', { file: where, node: node.name ?? '' });
    constants.set(output, readTensor(value, { code: 'onnx.constant', params: { file: where, node: node.name ?? '' } }));
  }
  const metadata = new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  return { model, nodes: graph.node.filter((n) => n.opType !== 'Constant'), constants, metadata, opset: toNumber(opsetEntry.version) };
}

const ELEMENT_SIZE: Partial<Record<number, { size: number; dtype: ConstantTensor['dtype'] }>> = {
  [DataType.FLOAT]: { size: 4, dtype: 'float32' },
  [DataType.DOUBLE]: { size: 8, dtype: 'float64' },
  [DataType.INT64]: { size: 8, dtype: 'int64' },
};

/** Where a tensor is stored (`onnx.initialiser` or `onnx.constant` with its params): its failures are worded inside that. */
type TensorPlace = MessageData;

/** A tensor at `place` that cannot be read: `code` (an onnx-tensor.* code) says why, as the error's problem. */
function tensorError(place: TensorPlace, code: MessageCode, params: MessageParams): ModelFileError {
  const message = formatMessage(place.code, { ...place.params, problem: formatMessage(code, params) });
  return new ModelFileError(message, { code: place.code, params: place.params, problem: { code, params } });
}

function readTensor(tensor: OnnxTensor, place: TensorPlace): ConstantTensor {
  const name = tensor.name ?? '';
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw tensorError(place, 'onnx-tensor.external', {});
  }
  const type = ELEMENT_SIZE[tensor.dataType ?? 0];
  if (!type) {
    const typeName = onnx.TensorProto.DataType[tensor.dataType ?? 0] ?? String(tensor.dataType);
    throw tensorError(place, 'onnx-tensor.element-type', { type: typeName });
  }
  const dims = (tensor.dims ?? []).map(toNumber);
  if (dims.length > ONNX_LIMITS.rank || dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw tensorError(place, 'onnx-tensor.dims', { dims: dims.join(', ') });
  }
  const count = dims.reduce((p, d) => p * d, 1);
  if (count > ONNX_LIMITS.tensorElements) {
    throw tensorError(place, 'onnx-tensor.too-many-elements', { count, max: ONNX_LIMITS.tensorElements });
  }
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * type.size) {
      throw tensorError(place, 'onnx-tensor.raw-bytes', { dims: dims.join(', '), expected: count * type.size, actual: raw.length });
    }
    return { name, dims, dtype: type.dtype, values: decodeRaw(raw, type.dtype, count) };
  }
  const typed = type.dtype === 'float32' ? tensor.floatData : type.dtype === 'float64' ? tensor.doubleData : tensor.int64Data;
  const list = (typed ?? []) as (number | { toNumber(): number })[];
  if (list.length !== count) {
    throw tensorError(place, 'onnx-tensor.value-count', { dims: dims.join(', '), expected: count, actual: list.length });
  }
  const numbers = list.map(toNumber);
  const values = type.dtype === 'float32' ? Float32Array.from(numbers) : type.dtype === 'float64' ? Float64Array.from(numbers) : numbers;
  return { name, dims, dtype: type.dtype, values };
}

function decodeRaw(raw: Uint8Array, dtype: ConstantTensor['dtype'], count: number): TensorValues {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (dtype === 'float32') {
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(i * 4, true);
    return values;
  }
  if (dtype === 'float64') {
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) values[i] = view.getFloat64(i * 8, true);
    return values;
  }
  return Array.from({ length: count }, (_, i) => Number(view.getBigInt64(i * 8, true)));
}

/** Attribute readers: the node's attribute, or the operator's default when absent. */
export function attributeOf(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attribute?.find((a) => a.name === name);
}

export function intAttributeOf(node: OnnxNode, name: string, fallback: number): number {
  const attribute = attributeOf(node, name);
  return attribute ? toNumber(attribute.i as number) : fallback;
}

export function intsAttributeOf(node: OnnxNode, name: string): number[] | undefined {
  const attribute = attributeOf(node, name);
  return attribute ? (attribute.ints ?? []).map((v) => toNumber(v as number)) : undefined;
}

export function floatAttributeOf(node: OnnxNode, name: string, fallback: number): number {
  const attribute = attributeOf(node, name);
  return attribute ? (attribute.f ?? fallback) : fallback;
}

export function stringAttributeOf(node: OnnxNode, name: string, fallback: string): string {
  const attribute = attributeOf(node, name);
  return attribute?.s ? new TextDecoder().decode(attribute.s) : fallback;
}
