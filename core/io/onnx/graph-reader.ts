/**
 * Reading an ONNX file defensively: protobufjs decodes the ModelProto (a truncated or foreign file throws
 * ModelFileError), then every limit is checked before anything is allocated from the file's numbers:
 * the node and initialiser counts, each tensor's dimensions and element count, and that its stored bytes
 * (raw_data, float_data, double_data, int64_data) hold exactly that many values.
 */
import { ModelFileError } from '../../errors.js';
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
    throw new ModelFileError(`${where}: ${bytes.length} bytes is more than the ${ONNX_LIMITS.fileBytes} an ONNX model may have here`);
  }
  let model: OnnxModel;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new ModelFileError(`${where}: not a readable ONNX file, it is truncated or corrupt (${(error as Error).message})`);
  }
  const graph = model.graph as OnnxGraphMessage | null | undefined;
  if (!graph || graph.node.length === 0) throw new ModelFileError(`${where}: the ONNX file holds no graph (is it an ONNX model?)`);
  const opsetEntry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!opsetEntry) throw new ModelFileError(`${where}: the model imports no standard ONNX operator set`);
  if (graph.node.length > ONNX_LIMITS.nodes) throw new ModelFileError(`${where}: ${graph.node.length} nodes (at most ${ONNX_LIMITS.nodes})`);
  if (graph.initializer.length > ONNX_LIMITS.initializers) {
    throw new ModelFileError(`${where}: ${graph.initializer.length} initialisers (at most ${ONNX_LIMITS.initializers})`);
  }
  const constants = new Map<string, ConstantTensor>();
  for (const tensor of graph.initializer) constants.set(tensor.name ?? '', readTensor(tensor, `${where}: initialiser "${tensor.name}"`));
  for (const node of graph.node) {
    if (node.opType !== 'Constant') continue;
    const value = node.attribute?.find((a) => a.name === 'value')?.t;
    const output = node.output?.[0];
    if (!value || !output) throw new ModelFileError(`${where}: node "${node.name}" (Constant) holds no tensor "value"`);
    constants.set(output, readTensor(value, `${where}: node "${node.name}" (Constant)`));
  }
  const metadata = new Map(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  return { model, nodes: graph.node.filter((n) => n.opType !== 'Constant'), constants, metadata, opset: toNumber(opsetEntry.version) };
}

const ELEMENT_SIZE: Partial<Record<number, { size: number; dtype: ConstantTensor['dtype'] }>> = {
  [DataType.FLOAT]: { size: 4, dtype: 'float32' },
  [DataType.DOUBLE]: { size: 8, dtype: 'float64' },
  [DataType.INT64]: { size: 8, dtype: 'int64' },
};

function readTensor(tensor: OnnxTensor, where: string): ConstantTensor {
  const name = tensor.name ?? '';
  if (tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new ModelFileError(`${where}: keeps its data in an external file; save the model with its weights inside`);
  }
  const type = ELEMENT_SIZE[tensor.dataType ?? 0];
  if (!type) {
    const typeName = onnx.TensorProto.DataType[tensor.dataType ?? 0] ?? String(tensor.dataType);
    throw new ModelFileError(`${where}: element type ${typeName} is not supported (FLOAT, DOUBLE or INT64)`);
  }
  const dims = (tensor.dims ?? []).map(toNumber);
  if (dims.length > ONNX_LIMITS.rank || dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new ModelFileError(`${where}: dimensions [${dims.join(', ')}] are not a tensor shape`);
  }
  const count = dims.reduce((p, d) => p * d, 1);
  if (count > ONNX_LIMITS.tensorElements) {
    throw new ModelFileError(`${where}: ${count} elements is more than the ${ONNX_LIMITS.tensorElements} one tensor may have`);
  }
  const raw = tensor.rawData;
  if (raw && raw.length > 0) {
    if (raw.length !== count * type.size) {
      throw new ModelFileError(`${where}: shape mismatch, [${dims.join(', ')}] needs ${count * type.size} bytes but raw_data holds ${raw.length}`);
    }
    return { name, dims, dtype: type.dtype, values: decodeRaw(raw, type.dtype, count) };
  }
  const typed = type.dtype === 'float32' ? tensor.floatData : type.dtype === 'float64' ? tensor.doubleData : tensor.int64Data;
  const list = (typed ?? []) as (number | { toNumber(): number })[];
  if (list.length !== count) {
    throw new ModelFileError(`${where}: shape mismatch, [${dims.join(', ')}] needs ${count} values but the tensor holds ${list.length}`);
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
