/**
 * The ONNX schema (onnx.proto of ONNX 1.10, compiled for protobufjs by the `onnx-proto` package) and the
 * few builders the exporter needs: tensors as little-endian raw_data, attributes, value infos.
 * The ONNX operator set this project writes and reads: opset 13 (ai.onnx), IR version 7.
 */
import onnxProto from 'onnx-proto';

export const { onnx } = onnxProto;
/** A decoded ModelProto (repeated fields are arrays, never null). */
export type OnnxModel = onnxProto.onnx.ModelProto;
export type OnnxGraphMessage = onnxProto.onnx.GraphProto;
export type OnnxNode = onnxProto.onnx.INodeProto;
export type OnnxTensor = onnxProto.onnx.ITensorProto;
export type OnnxAttribute = onnxProto.onnx.IAttributeProto;
export type OnnxValueInfo = onnxProto.onnx.IValueInfoProto;

export const OPSET_VERSION = 13;
/** IR version 7 is the one that goes with opset 13 (onnx/docs/Versioning.md). */
export const IR_VERSION = 7;

export const DataType = onnx.TensorProto.DataType;
export const AttributeType = onnx.AttributeProto.AttributeType;

/** A float32 (or float64, or int64) initialiser with its values little-endian in raw_data. */
export function tensorProto(name: string, dims: readonly number[], values: ArrayLike<number>, dtype: 'float32' | 'float64' | 'int64' = 'float32'): OnnxTensor {
  const size = dtype === 'float32' ? 4 : 8;
  const raw = new Uint8Array(values.length * size);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < values.length; i++) {
    if (dtype === 'float32') view.setFloat32(i * 4, values[i]!, true);
    else if (dtype === 'float64') view.setFloat64(i * 8, values[i]!, true);
    else view.setBigInt64(i * 8, BigInt(values[i]!), true);
  }
  const dataType = dtype === 'float32' ? DataType.FLOAT : dtype === 'float64' ? DataType.DOUBLE : DataType.INT64;
  return { name, dims: [...dims], dataType, rawData: raw };
}

export function intAttribute(name: string, value: number): OnnxAttribute {
  return { name, type: AttributeType.INT, i: value };
}

export function intsAttribute(name: string, values: readonly number[]): OnnxAttribute {
  return { name, type: AttributeType.INTS, ints: [...values] };
}

export function floatAttribute(name: string, value: number): OnnxAttribute {
  return { name, type: AttributeType.FLOAT, f: value };
}

/** A float tensor value whose first axis is the batch, `N`. */
export function batchValueInfo(name: string, perSample: readonly number[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensorType: {
        elemType: DataType.FLOAT,
        shape: { dim: [{ dimParam: 'N' }, ...perSample.map((n) => ({ dimValue: n }))] },
      },
    },
  };
}

/** protobufjs gives int64 fields as Long objects (or numbers); the values this project reads fit a double. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
