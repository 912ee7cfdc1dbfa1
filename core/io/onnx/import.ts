/**
 * An ONNX graph made of the operators the export writes (a chain: each node reads the previous node's
 * output) becomes a native model: the spec is inferred node by node, weights are copied under the dotted
 * names and converted to the engine's layouts:
 *
 *   Gemm (alpha = beta = 1, transA = 0)   dense; B is [in, units], or [units, in] with transB = 1 (PyTorch's
 *                                         nn.Linear), transposed to the engine's [in, units]
 *   MatMul [+ Add]                        dense with B [in, units] (and the added bias)
 *   Conv (group 1, dilation 1, symmetric pads)   conv1d / conv2d, weights [F, C, k…] as they are
 *   MaxPool, AveragePool (no pads, floor) maxpool2d, avgpool2d     GlobalAveragePool  globalavgpool
 *   BatchNormalization                    batchnorm (scale, B, mean, var → gamma, beta, runningMean, runningVar;
 *                                         ONNX momentum m is the engine's 1 − m)
 *   Flatten (axis 1), Reshape to [N, −1]  flatten      Dropout [+ Mul by keep]  dropout (inverted [classic])
 *   Relu, Sigmoid, Tanh, Softsign, LeakyRelu, Softmax (last axis), Clip(−1, 1), Greater(0) + Cast  activations
 *   Identity                              nothing
 *
 * An activation right after a dense or conv node becomes that layer's `activation`. A graph written by
 * this app's export also carries its preprocessing (its first nodes, checked against the metadata) and
 * its specs in metadata_props. Anything else is refused with an error naming the node and its operator;
 * the result is checked by building the model and loading the weights, so an import either gives a
 * model that runs or throws, never a half-made one.
 */
import { ModelFileError, SpecError, specProblem } from '../../errors.js';
import { formatMessage, type MessageCode, type MessageParams } from '../../messages.js';
import type { FittedPreprocessing } from '../../data/preprocess.js';
import { createReferenceKernels } from '../../kernels/reference.js';
import { defaultLeakySlope, isActivationName } from '../../activations.js';
import { layerOutputShape } from '../../layers/index.js';
import { buildSavedModel } from '../model-build.js';
import { batchNormDefaults } from '../../layers/batchnorm.js';
import { isLossName } from '../../losses.js';
import { logitLosses } from '../../model.js';
import type { ActivationName, LayerSpec, LossName, ModelSpec, TrainSpec } from '../../spec.js';
import { formatShape, shapeSize, Tensor } from '../../tensor.js';
import type { ModelMetrics } from '../manifest.js';
import type { SavedModel } from '../model-file.js';
import {
  floatAttributeOf, intAttributeOf, intsAttributeOf, readOnnxGraph, stringAttributeOf, type ConstantTensor, type OnnxGraph,
} from './graph-reader.js';
import { graphStatistics, preprocessingGraph, PREPROCESSING_METADATA_KEY } from './preprocessing.js';
import { MODEL_SPEC_METADATA_KEY } from './export.js';
import { DataType, toNumber, type OnnxGraphMessage, type OnnxNode } from './proto.js';

export interface OnnxImportOptions {
  /** The imported model's name; the graph's (or its recorded spec's) name unless given. */
  name?: string;
  appVersion: string;
  /** ISO time of the import, for the provenance. */
  createdAt: string;
}

export const SUPPORTED_ONNX_OPERATORS = [
  'Gemm', 'MatMul', 'Add', 'Conv', 'MaxPool', 'AveragePool', 'GlobalAveragePool', 'BatchNormalization', 'Flatten', 'Reshape',
  'Dropout', 'Mul', 'Relu', 'Sigmoid', 'Tanh', 'Softsign', 'LeakyRelu', 'Softmax', 'Clip', 'Greater', 'Cast', 'Identity', 'Constant',
] as const;

const simpleActivations: Record<string, ActivationName> = { Relu: 'relu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softsign: 'softsign' };

/** ONNX bytes → SavedModel; throws ModelFileError naming `where`, and the node and operator at fault. */
export function decodeOnnx(bytes: Uint8Array, where: string, options: OnnxImportOptions): SavedModel {
  const graph = readOnnxGraph(bytes, where);
  const { input, inputShape, output } = graphEnds(graph, where);
  const recorded = recordedSpec(graph);
  const preprocessing = recordedPreprocessing(graph, inputShape, input, where);
  const builder = new ChainBuilder(graph, inputShape, where);
  builder.build(preprocessing?.skip ?? 0, preprocessing?.output ?? input, output);

  const loss: LossName = recorded && isLossName(recorded.loss) ? recorded.loss : 'softmax-cross-entropy';
  const name = options.name ?? recorded?.name ?? (graph.model.graph?.name || 'imported');
  const modelSpec: ModelSpec = { name, inputShape, layers: withoutAppendedOutput(builder.layers, loss, recorded), loss };
  checkBuilds(modelSpec, builder.weights, where);
  const producer = [graph.model.producerName, graph.model.producerVersion].filter(Boolean).join(' ') || 'an unnamed producer';
  return {
    modelSpec,
    trainSpec: parseJson<TrainSpec>(graph.metadata.get('backprop-lab.trainSpec')),
    preprocessing: preprocessing?.fitted ?? null,
    metrics: parseJson<ModelMetrics>(graph.metadata.get('backprop-lab.metrics')),
    provenance: { appVersion: options.appVersion, createdAt: options.createdAt, notes: `imported from ONNX (${producer})` },
    weights: builder.weights,
  };
}

function graphEnds(graph: OnnxGraph, where: string): { input: string; inputShape: number[]; output: string } {
  const g = graph.model.graph as OnnxGraphMessage;
  const inputs = g.input.filter((value) => !graph.constants.has(value.name ?? ''));
  if (inputs.length !== 1) {
    throw ModelFileError.of('onnx.input-count', { file: where, count: inputs.length, names: inputs.map((i) => i.name).join(', ') });
  }
  const input = inputs[0]!;
  const tensorType = input.type?.tensorType;
  if (!tensorType || tensorType.elemType !== DataType.FLOAT) throw ModelFileError.of('onnx.input-not-float', { file: where, input: input.name ?? '' });
  const dims = tensorType.shape?.dim ?? [];
  const inputShape = dims.slice(1).map((d) => toNumber(d.dimValue as number));
  if (dims.length < 2 || inputShape.some((n) => !Number.isSafeInteger(n) || n < 1)) {
    throw ModelFileError.of('onnx.input-shape', { file: where, input: input.name ?? '' });
  }
  if (g.output.length !== 1) throw ModelFileError.of('onnx.output-count', { file: where, count: g.output.length });
  return { input: input.name!, inputShape, output: g.output[0]!.name! };
}

function parseJson<T>(text: string | undefined): T | null {
  if (text === undefined) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function recordedSpec(graph: OnnxGraph): ModelSpec | null {
  const spec = parseJson<ModelSpec>(graph.metadata.get(MODEL_SPEC_METADATA_KEY));
  return spec && typeof spec === 'object' ? spec : null;
}

/** The preprocessing an export of this app put in front of the network, checked node by node. */
function recordedPreprocessing(graph: OnnxGraph, inputShape: number[], input: string, where: string) {
  const text = graph.metadata.get(PREPROCESSING_METADATA_KEY);
  if (text === undefined) return null;
  const recorded = parseJson<FittedPreprocessing>(text);
  const fail = (code: MessageCode, params: MessageParams = {}): never => {
    throw ModelFileError.of(code, { file: where, key: PREPROCESSING_METADATA_KEY, ...params });
  };
  if (!recorded || typeof recorded.spec?.type !== 'string' || typeof recorded.statistics !== 'object') return fail('onnx.preprocessing-unreadable');
  const statistics: Record<string, number[]> = { ...recorded.statistics };
  for (const name of graphStatistics(recorded)) {
    const tensor = graph.constants.get(`preprocessing.${name}`);
    if (!tensor) return fail('onnx.preprocessing-no-statistic', { tensor: `preprocessing.${name}` });
    statistics[name] = Array.from(tensor.values);
  }
  const fitted: FittedPreprocessing = { spec: recorded.spec, statistics };
  const expected = preprocessingGraph(fitted, inputShape, input);
  expected.nodes.forEach((node, i) => {
    const found = graph.nodes[i];
    const same = found && found.opType === node.opType && sameList(found.input, node.input) && sameList(found.output, node.output);
    if (!same) fail('onnx.preprocessing-mismatch', { index: i, op: found?.opType ?? 'none' });
  });
  return { fitted, skip: expected.nodes.length, output: expected.output };
}

function sameList(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  return (a ?? []).length === (b ?? []).length && (a ?? []).every((v, i) => v === b![i]);
}

/** Walks the chain of nodes, adding one layer (or fusing an activation) per supported node. */
class ChainBuilder {
  readonly layers: LayerSpec[] = [];
  readonly weights: Record<string, Tensor> = {};
  private shape: number[];
  private position = 0;
  /** Whether the layer added last is dense or conv (an activation right after it fuses into it). */
  private lastWasWeighted = false;

  constructor(private readonly graph: OnnxGraph, inputShape: number[], private readonly where: string) {
    this.shape = [...inputShape];
  }

  build(start: number, input: string, output: string): void {
    let current = input;
    const nodes = this.graph.nodes;
    for (this.position = start; this.position < nodes.length; this.position++) {
      const node = nodes[this.position]!;
      const reads = node.opType === 'Add' || node.opType === 'Mul' ? (node.input ?? []) : (node.input ?? []).slice(0, 1);
      if (!reads.includes(current)) {
        this.fail(node, 'onnx.node-not-chain', { reads: (node.input ?? [])[0] ?? '', previous: current });
      }
      const last = this.apply(node);
      current = (last.output ?? [])[0] ?? '';
    }
    if (current !== output) throw ModelFileError.of('onnx.output-not-end', { file: this.where, output });
    if (this.layers.length === 0) throw ModelFileError.of('onnx.no-layers', { file: this.where });
  }

  /** Handles one node (and the node after it when the two form one layer); returns the last node used. */
  private apply(node: OnnxNode): OnnxNode {
    const op = node.opType ?? '';
    switch (op) {
      case 'Gemm': return this.gemm(node);
      case 'MatMul': return this.matmul(node);
      case 'Conv': return this.conv(node);
      case 'MaxPool':
      case 'AveragePool': return this.pool(node);
      case 'GlobalAveragePool':
        this.add(node, { type: 'globalavgpool' });
        return node;
      case 'BatchNormalization': return this.batchnorm(node);
      case 'Flatten':
        if (intAttributeOf(node, 'axis', 1) !== 1) this.fail(node, 'onnx.node-flatten-axis');
        if (this.shape.length > 1) this.add(node, { type: 'flatten' });
        return node;
      case 'Reshape': return this.reshape(node);
      case 'Dropout': return this.dropout(node);
      case 'Identity': return node;
      case 'Relu':
      case 'Sigmoid':
      case 'Tanh':
      case 'Softsign':
        this.activation(node, simpleActivations[op]!);
        return node;
      case 'LeakyRelu':
        this.activation(node, 'leaky-relu', floatAttributeOf(node, 'alpha', defaultLeakySlope));
        return node;
      case 'Softmax': return this.softmax(node);
      case 'Clip': return this.clip(node);
      case 'Greater': return this.step(node);
      default:
        return this.fail(node, 'onnx.node-unsupported', { supported: SUPPORTED_ONNX_OPERATORS.join(', ') });
    }
  }

  private gemm(node: OnnxNode): OnnxNode {
    if (floatAttributeOf(node, 'alpha', 1) !== 1 || floatAttributeOf(node, 'beta', 1) !== 1 || intAttributeOf(node, 'transA', 0) !== 0) {
      this.fail(node, 'onnx.node-gemm-form');
    }
    const b = this.constant(node, 1, 'B');
    if (b.dims.length !== 2) this.fail(node, 'onnx.node-not-matrix', { shape: formatShape(b.dims) });
    const transposed = intAttributeOf(node, 'transB', 0) === 1;
    const [inputs, units] = transposed ? [b.dims[1]!, b.dims[0]!] : [b.dims[0]!, b.dims[1]!];
    this.checkInputs(node, inputs);
    const weight = transposed ? transpose(b.values, units, inputs) : Float32Array.from(b.values);
    const bias = (node.input ?? [])[2] ? this.vector(node, 2, 'C', units) : new Float32Array(units);
    this.dense(node, inputs, units, weight, bias);
    return node;
  }

  private matmul(node: OnnxNode): OnnxNode {
    const b = this.constant(node, 1, 'B');
    if (b.dims.length !== 2) this.fail(node, 'onnx.node-not-matrix', { shape: formatShape(b.dims) });
    const [inputs, units] = [b.dims[0]!, b.dims[1]!];
    this.checkInputs(node, inputs);
    const next = this.graph.nodes[this.position + 1];
    const output = (node.output ?? [])[0];
    let bias = new Float32Array(units);
    let last = node;
    if (next?.opType === 'Add' && (next.input ?? []).includes(output ?? '')) {
      const other = (next.input ?? []).find((name) => name !== output) ?? '';
      const constant = this.graph.constants.get(other);
      if (!constant || shapeSize(constant.dims) !== units) this.fail(next, 'onnx.node-bias', { tensor: other, units });
      bias = Float32Array.from(constant!.values);
      last = next;
      this.position++;
    }
    this.dense(node, inputs, units, Float32Array.from(b.values), bias);
    return last;
  }

  private checkInputs(node: OnnxNode, inputs: number) {
    if (shapeSize(this.shape) !== inputs) {
      this.fail(node, 'onnx.node-inputs', { inputs, shape: formatShape(this.shape) });
    }
  }

  private dense(node: OnnxNode, inputs: number, units: number, weight: Float32Array, bias: Float32Array) {
    this.checkInputs(node, inputs);
    this.add(node, { type: 'dense', units }, { weight: new Tensor([inputs, units], weight), bias: new Tensor([units], bias) });
  }

  private conv(node: OnnxNode): OnnxNode {
    const w = this.constant(node, 1, 'W');
    const spatial = w.dims.length - 2;
    if (spatial !== 1 && spatial !== 2) this.fail(node, 'onnx.node-conv-rank', { shape: formatShape(w.dims) });
    const [filters, channels] = [w.dims[0]!, w.dims[1]!];
    const kernel = w.dims.slice(2);
    if (intAttributeOf(node, 'group', 1) !== 1) this.fail(node, 'onnx.node-grouped');
    if ((intsAttributeOf(node, 'dilations') ?? []).some((d) => d !== 1)) this.fail(node, 'onnx.node-conv-dilated');
    const declared = intsAttributeOf(node, 'kernel_shape');
    if (declared && !sameNumbers(declared, kernel)) this.fail(node, 'onnx.node-kernel-shape', { declared: declared.join(', '), shape: formatShape(w.dims) });
    const stride = intsAttributeOf(node, 'strides') ?? kernel.map(() => 1);
    const padding = this.symmetricPads(node, spatial);
    if (this.shape.length !== spatial + 1 || this.shape[0] !== channels) {
      this.fail(node, 'onnx.node-conv-input', { weight: formatShape(w.dims), channels, spatial, shape: formatShape(this.shape) });
    }
    const bias = (node.input ?? [])[2] ? this.vector(node, 2, 'B', filters) : new Float32Array(filters);
    const tensors = { weight: new Tensor([...w.dims], Float32Array.from(w.values)), bias: new Tensor([filters], bias) };
    if (spatial === 1) {
      this.add(node, { type: 'conv1d', filters, kernelSize: kernel[0]!, ...(stride[0] !== 1 ? { stride: stride[0]! } : {}), ...(padding[0] ? { padding: padding[0] } : {}) }, tensors);
    } else {
      this.add(node, {
        type: 'conv2d', filters, kernelSize: compact(kernel),
        ...(stride.some((s) => s !== 1) ? { stride: compact(stride) } : {}),
        ...(padding.some((p) => p !== 0) ? { padding: compact(padding) } : {}),
      }, tensors);
    }
    return node;
  }

  /** ONNX pads are [begin…, end…]; the engine pads both sides alike. */
  private symmetricPads(node: OnnxNode, spatial: number): number[] {
    const autoPad = stringAttributeOf(node, 'auto_pad', 'NOTSET');
    if (autoPad !== 'NOTSET' && autoPad !== 'VALID') this.fail(node, 'onnx.node-auto-pad', { autoPad });
    const pads = intsAttributeOf(node, 'pads') ?? new Array<number>(2 * spatial).fill(0);
    const begin = pads.slice(0, spatial);
    if (pads.length !== 2 * spatial || !sameNumbers(begin, pads.slice(spatial))) {
      this.fail(node, 'onnx.node-pads', { pads: pads.join(', ') });
    }
    return begin;
  }

  private pool(node: OnnxNode): OnnxNode {
    const pool = intsAttributeOf(node, 'kernel_shape') ?? [];
    if (pool.length !== 2) this.fail(node, 'onnx.node-pool-rank', { axes: pool.length });
    if (this.symmetricPads(node, 2).some((p) => p !== 0)) this.fail(node, 'onnx.node-pool-padded');
    if (intAttributeOf(node, 'ceil_mode', 0) !== 0) this.fail(node, 'onnx.node-ceil-mode');
    if ((intsAttributeOf(node, 'dilations') ?? []).some((d) => d !== 1)) this.fail(node, 'onnx.node-pool-dilated');
    const stride = intsAttributeOf(node, 'strides') ?? [1, 1];
    const type = node.opType === 'MaxPool' ? 'maxpool2d' : 'avgpool2d';
    this.add(node, { type, poolSize: compact(pool), ...(sameNumbers(stride, pool) ? {} : { stride: compact(stride) }) });
    return node;
  }

  private batchnorm(node: OnnxNode): OnnxNode {
    if (intAttributeOf(node, 'training_mode', 0) !== 0) this.fail(node, 'onnx.node-training-mode');
    const channels = this.shape[0]!;
    const [gamma, beta, runningMean, runningVar] = ['scale', 'B', 'mean', 'var'].map((role, i) => this.vector(node, i + 1, role, channels));
    const epsilon = floatAttributeOf(node, 'epsilon', batchNormDefaults.epsilon);
    const momentum = roundFloat32(1 - floatAttributeOf(node, 'momentum', 1 - batchNormDefaults.momentum));
    const spec: LayerSpec = {
      type: 'batchnorm',
      ...(momentum !== batchNormDefaults.momentum ? { momentum } : {}),
      ...(epsilon !== Math.fround(batchNormDefaults.epsilon) ? { epsilon: roundFloat32(epsilon) } : {}),
    };
    const tensor = (values: Float32Array) => new Tensor([channels], values);
    this.add(node, spec, { gamma: tensor(gamma!), beta: tensor(beta!), runningMean: tensor(runningMean!), runningVar: tensor(runningVar!) });
    return node;
  }

  private reshape(node: OnnxNode): OnnxNode {
    const target = Array.from(this.constant(node, 1, 'shape').values);
    const size = shapeSize(this.shape);
    if (target.length !== 2 || !(target[1] === -1 || target[1] === size)) {
      this.fail(node, 'onnx.node-reshape', { target: target.join(', '), size });
    }
    if (this.shape.length > 1) this.add(node, { type: 'flatten' });
    return node;
  }

  private dropout(node: OnnxNode): OnnxNode {
    const ratioName = (node.input ?? [])[1];
    const ratio = ratioName ? this.scalar(node, 1, 'ratio') : floatAttributeOf(node, 'ratio', 0.5);
    const keep = roundFloat32(1 - ratio);
    if (!(keep > 0 && keep <= 1)) this.fail(node, 'onnx.node-dropout-ratio', { ratio });
    const next = this.graph.nodes[this.position + 1];
    const output = (node.output ?? [])[0] ?? '';
    if (next?.opType === 'Mul' && (next.input ?? []).includes(output)) {
      const other = this.graph.constants.get((next.input ?? []).find((n) => n !== output) ?? '');
      if (other && shapeSize(other.dims) === 1 && other.values[0] === Math.fround(keep)) {
        this.position++;
        this.add(node, { type: 'dropout', keep, mode: 'classic' });
        return next;
      }
    }
    this.add(node, { type: 'dropout', keep });
    return node;
  }

  private softmax(node: OnnxNode): OnnxNode {
    const rank = this.shape.length + 1;
    const axis = intAttributeOf(node, 'axis', this.graph.opset >= 13 ? -1 : 1);
    const last = axis === -1 || axis === rank - 1;
    if (!last || (this.graph.opset < 13 && rank !== 2)) this.fail(node, 'onnx.node-softmax-axis', { axis });
    this.activation(node, 'softmax');
    return node;
  }

  private clip(node: OnnxNode): OnnxNode {
    const bound = (index: number, attribute: string) =>
      (node.input ?? [])[index] ? this.scalar(node, index, attribute) : floatAttributeOf(node, attribute, Number.NaN);
    const [min, max] = [bound(1, 'min'), bound(2, 'max')];
    if (min !== -1 || max !== 1) this.fail(node, 'onnx.node-clip', { min, max });
    this.activation(node, 'hard-tanh');
    return node;
  }

  /** step(z) = 1 if z > 0 else 0, written as Cast(Greater(z, 0), float). */
  private step(node: OnnxNode): OnnxNode {
    const threshold = this.scalar(node, 1, 'B');
    const next = this.graph.nodes[this.position + 1];
    const castsToFloat = next?.opType === 'Cast' && (next.input ?? [])[0] === (node.output ?? [])[0] && intAttributeOf(next, 'to', 0) === DataType.FLOAT;
    if (threshold !== 0 || !castsToFloat) this.fail(node, 'onnx.node-comparison');
    this.position++;
    this.activation(node, 'step');
    return next!;
  }

  /** Fuses into the dense/conv layer just added, as the engine's specs write it, or adds an activation layer. */
  private activation(node: OnnxNode, fn: ActivationName, alpha?: number) {
    if (!isActivationName(fn)) this.fail(node, 'onnx.node-activation', { fn });
    const previous = this.layers[this.layers.length - 1];
    const withAlpha = alpha !== undefined && roundFloat32(alpha) !== defaultLeakySlope ? { alpha: roundFloat32(alpha) } : {};
    if (previous && (previous.type === 'dense' || previous.type === 'conv1d' || previous.type === 'conv2d') && !previous.activation && this.lastWasWeighted) {
      Object.assign(previous, { activation: fn, ...withAlpha });
      return;
    }
    this.add(node, { type: 'activation', fn, ...withAlpha });
  }

  private add(node: OnnxNode, spec: LayerSpec, tensors: Record<string, Tensor> = {}) {
    const index = this.layers.length;
    try {
      this.shape = layerOutputShape(spec, this.shape, index);
    } catch (error) {
      if (error instanceof SpecError) this.failLayer(node, error);
      throw error;
    }
    this.layers.push(spec);
    this.lastWasWeighted = spec.type === 'dense' || spec.type === 'conv1d' || spec.type === 'conv2d';
    for (const [name, tensor] of Object.entries(tensors)) this.weights[`layers.${index}.${name}`] = tensor;
  }

  private constant(node: OnnxNode, index: number, role: string): ConstantTensor {
    const name = (node.input ?? [])[index];
    const constant = name ? this.graph.constants.get(name) : undefined;
    if (!constant) return this.fail(node, 'onnx.node-no-constant', { role, tensor: name ?? '' });
    return constant;
  }

  private vector(node: OnnxNode, index: number, role: string, length: number): Float32Array {
    const constant = this.constant(node, index, role);
    if (shapeSize(constant.dims) !== length) {
      this.fail(node, 'onnx.node-vector', { role, shape: formatShape(constant.dims), length });
    }
    return Float32Array.from(constant.values);
  }

  private scalar(node: OnnxNode, index: number, role: string): number {
    const constant = this.constant(node, index, role);
    if (shapeSize(constant.dims) !== 1) this.fail(node, 'onnx.node-scalar', { role, shape: formatShape(constant.dims) });
    return constant.values[0]!;
  }

  /** The file, the node (by name, or `#position` when it has none) and its operator. */
  private nodeParams(node: OnnxNode): MessageParams {
    return { file: this.where, node: node.name || `#${this.position}`, op: node.opType ?? '' };
  }

  private fail(node: OnnxNode, code: MessageCode, params: MessageParams = {}): never {
    throw ModelFileError.of(code, { ...this.nodeParams(node), ...params });
  }

  /** The layer the node makes breaks a rule of core/model.ts: the spec error's code and params travel as the problem. */
  private failLayer(node: OnnxNode, error: SpecError): never {
    const params = this.nodeParams(node);
    const message = formatMessage('onnx.node-layer', { ...params, problem: error.message });
    throw new ModelFileError(message, { code: 'onnx.node-layer', params, problem: specProblem(error) });
  }
}

/**
 * The export ends every graph in the loss's output function (softmax of the logits); a recorded spec
 * whose last layer leaves it to the loss gets it back off, which changes no prediction (Model.predict
 * applies it either way) and gives the spec as it was written.
 */
function withoutAppendedOutput(layers: LayerSpec[], loss: LossName, recorded: ModelSpec | null): LayerSpec[] {
  const output = logitLosses[loss];
  const last = layers[layers.length - 1];
  const recordedLast = recorded?.layers?.[recorded.layers.length - 1];
  if (!output || !last || !recordedLast || activationName(recordedLast) === output) return layers;
  if (last.type === 'activation' && last.fn === output) return layers.slice(0, -1);
  if ((last.type === 'dense' || last.type === 'conv1d' || last.type === 'conv2d') && last.activation === output) {
    const { activation: _fused, ...rest } = last;
    return [...layers.slice(0, -1), rest as LayerSpec];
  }
  return layers;
}

function activationName(layer: LayerSpec): string | undefined {
  if (layer.type === 'activation') return layer.fn;
  return layer.type === 'dense' || layer.type === 'conv1d' || layer.type === 'conv2d' ? layer.activation : undefined;
}

/** Builds the model and loads the weights: whatever would not run is refused here, before anything is kept. */
function checkBuilds(spec: ModelSpec, weights: Record<string, Tensor>, where: string) {
  buildSavedModel({ modelSpec: spec, weights }, createReferenceKernels(), where, 'onnx.does-not-build');
}

function transpose(values: ArrayLike<number>, rows: number, columns: number): Float32Array {
  const out = new Float32Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c]!;
  return out;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** [3, 3] → 3, as the engine's specs write a square kernel. */
function compact(values: number[]): number | [number, number] {
  return values.length === 1 || values[0] === values[1] ? values[0]! : [values[0]!, values[1]!];
}

/** A float32 attribute read back as the decimal that was meant (0.10000000149 → 0.1). */
function roundFloat32(value: number): number {
  return Number(Math.fround(value).toPrecision(6));
}
