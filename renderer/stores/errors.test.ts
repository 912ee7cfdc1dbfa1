/** The renderer reads errors as data and shows them in the language shown; it never parses their text. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createOptimizer, decodeOnnx, encodeModelFile, encodeOnnx, experimentById, importModelFile, ModelFileError, onnx, parseIdxLabels, resolveParams, Tensor, validateModelSpec,
  type ModelSpec, type SavedModel, type SpecError,
} from '@backprop-lab/core';
import { HostError, LabError, errorBodyOf } from '../../contract/index.js';
import { createLabI18n } from '../i18n/index.js';
import { describeFailure, failureOf, layerIndexOf, messageOf } from './errors';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

// Layer 2 (dense) with 0 units: units' rule is a whole number ≥ 1.
const units = thrown(() => validateModelSpec({ inputShape: [784], layers: [{ type: 'dense', units: 16 }, { type: 'flatten' }, { type: 'dense', units: 0 }], loss: 'mse' } as ModelSpec));
/** What the WebSocket client rejects with, and what the preload bridge passes (a plain object). */
const overWebSocket = new LabError(errorBodyOf(units));
const overBridge = { name: 'LabError', ...errorBodyOf(units) };

afterEach(() => void createLabI18n('en'));

describe('errors in the renderer', () => {
  it('reads the code, params, layer index and field problem from either client form', () => {
    for (const failure of [overWebSocket, overBridge, units]) {
      expect(failureOf(failure)).toEqual({
        message: 'layer 2 (dense): units must be a whole number ≥ 1, got 0', code: 'layer.field', params: { index: 2, type: 'dense' }, layerIndex: 2,
        problem: { code: 'field.whole', params: { field: 'units', min: 1, got: '0' } },
      });
      expect(layerIndexOf(failure)).toBe(2);
    }
  });

  it('names the field with the Train form\'s label and the layer type in its words, in either language', () => {
    createLabI18n('en');
    expect(messageOf(overBridge)).toBe('layer 2 (dense): units must be a whole number ≥ 1, got 0');
    createLabI18n('zh-CN');
    expect(messageOf(overBridge)).toBe('第 2 层（全连接）：神经元数 必须是不小于 1 的整数，当前为 0');
  });

  it('an optimizer\'s field: its label (learning rate η), the optimizer named in the form\'s words', () => {
    const lr = thrown(() => createOptimizer({ type: 'momentum', lr: -0.5 }));
    createLabI18n('en');
    expect(messageOf(lr)).toBe('optimizer Momentum: Learning rate η must be a positive number, got -0.5');
    createLabI18n('zh-CN');
    expect(messageOf(lr)).toBe('优化器 动量法（Momentum）：学习率 η 必须是正数，当前为 -0.5');
  });

  it('a field problem the app has no words for shows the English sentence whole, not half translated', () => {
    createLabI18n('zh-CN');
    const unknown = { message: 'layer 1 (dense): units is odd', code: 'layer.field', params: { index: 1, type: 'dense' }, problem: { code: 'field.odd', params: { field: 'units' } } };
    expect(messageOf(unknown)).toBe('layer 1 (dense): units is odd');
  });

  it('a generic code frames the engine message; no code shows the message; nothing shows a fallback', () => {
    createLabI18n('zh-CN');
    expect(messageOf({ message: 'x.idx: bad magic', code: 'data.invalid' })).toBe('数据文件无法读取：x.idx: bad magic');
    expect(messageOf(new Error('disk full'))).toBe('disk full');
    expect(describeFailure(failureOf(undefined))).toBe('出了点问题（没有说明原因）。');
    expect(layerIndexOf(new Error('layer 3 (conv2d): …'))).toBeNull();
  });
});

describe('an experiment parameter that breaks its rule', () => {
  const xor = experimentById('xor');
  const tooSmall = thrown(() => resolveParams('xor', xor.params, { learningRate: -1 }));
  const notWhole = thrown(() => resolveParams('xor', xor.params, { iterations: 2.5 }));

  it('travels as its code with the experiment, the parameter, the bound and the value', () => {
    expect(failureOf(new LabError(errorBodyOf(tooSmall)))).toMatchObject({
      code: 'experiment.below', params: { experiment: 'xor', param: 'learningRate', min: 0.0001, got: '-1' },
    });
  });

  it('is worded in Chinese with the experiment page\'s own title and label for the parameter', () => {
    createLabI18n('zh-CN');
    expect(messageOf(new LabError(errorBodyOf(tooSmall)))).toBe('实验“异或问题”：学习率（Adam）必须 ≥ 0.0001，收到的是 -1');
    expect(messageOf(new LabError(errorBodyOf(notWhole)))).toBe('实验“异或问题”：迭代次数必须是整数，收到的是 2.5');
  });

  it('reads in English as the CLI prints it', () => {
    expect(messageOf(new LabError(errorBodyOf(notWhole)))).toBe('experiment XOR: Iterations must be a whole number, got 2.5');
  });
});

describe('a data file or model file the readers refuse', () => {
  // Labels [3, 12]: the second is no digit; the reader's error names the file, the sample and the label.
  const labels = Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 2, 3, 12);
  const badLabel = new LabError(errorBodyOf(thrown(() => parseIdxLabels(labels, 'train-labels-idx1-ubyte'))));

  it('an IDX label out of range is worded from its code in either language, the file and numbers kept', () => {
    expect(failureOf(badLabel)).toMatchObject({ code: 'idx.label-range', params: { file: 'train-labels-idx1-ubyte', label: 12, sample: 1 } });
    createLabI18n('en');
    expect(messageOf(badLabel)).toBe('train-labels-idx1-ubyte: label 12 of sample 1 out of range 0–9');
    createLabI18n('zh-CN');
    expect(messageOf(badLabel)).toBe('train-labels-idx1-ubyte：第 1 个样本的标签 12 不在 0–9 之间');
  });

  it('a model file whose spec has no layers names the file and words the spec error inside it', () => {
    const noLayers = ModelFileError.ofSpec('m.bplab', thrown(() => validateModelSpec({ inputShape: [784], layers: [], loss: 'mse' })) as SpecError);
    const failure = new LabError(errorBodyOf(noLayers));
    createLabI18n('en');
    expect(messageOf(failure)).toBe('m.bplab: modelSpec: A model needs at least one layer');
    createLabI18n('zh-CN');
    expect(messageOf(failure)).toBe('m.bplab：其中的模型结构有误：模型至少需要一层');
  });
});

describe('a refusal of the hosts\' stores', () => {
  it('a run another process trains names its status in the form\'s words for it, in either language', () => {
    const stillTraining = new LabError(errorBodyOf(new HostError('run.still-active', { id: 'r1', status: 'running', pid: 4242 })));
    createLabI18n('en');
    expect(messageOf(stillTraining)).toBe('run r1 is still running in process 4242; stop it first');
    createLabI18n('zh-CN');
    expect(messageOf(stillTraining)).toBe('训练 r1 在进程 4242 中仍是“训练中”状态：请先停止它');
  });

  it('a bundled model the library will not delete is worded from its code in Chinese, the id kept', () => {
    createLabI18n('zh-CN');
    expect(messageOf(new LabError(errorBodyOf(new HostError('library.bundled', { id: 'bundled:cnn-best' }))))).toBe('模型 bundled:cnn-best 是随应用附带的，不能删除');
  });
});

describe('a problem inside a problem, worded at every level', () => {
  const options = { appVersion: '0.1.0', createdAt: '2026-12-01T00:00:00.000Z' };
  // Dense 4 → 3 (ReLU) → dense 2, exported to ONNX by the engine, then edited as a file from elsewhere might be.
  const model: SavedModel = {
    modelSpec: { name: 'slope', inputShape: [4], layers: [{ type: 'dense', units: 3, activation: 'relu' }, { type: 'dense', units: 2 }], loss: 'softmax-cross-entropy' },
    trainSpec: null, preprocessing: null, metrics: null,
    provenance: { appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' },
    weights: {
      'layers.0.weight': new Tensor([4, 3], new Float32Array(12).fill(0.1)), 'layers.0.bias': new Tensor([3], new Float32Array(3)),
      'layers.1.weight': new Tensor([3, 2], new Float32Array(6).fill(-0.1)), 'layers.1.bias': new Tensor([2], new Float32Array(2)),
    },
  };
  type Nodes = NonNullable<NonNullable<ReturnType<typeof onnx.ModelProto.decode>['graph']>['node']>;
  function imported(edit: (nodes: Nodes) => void): LabError {
    const message = onnx.ModelProto.decode(encodeOnnx(model));
    edit(message.graph!.node!);
    return new LabError(errorBodyOf(thrown(() => decodeOnnx(onnx.ModelProto.encode(message).finish(), 'slope.onnx', options))));
  }
  const negativeSlope = () => onnx.AttributeProto.create({ name: 'alpha', type: onnx.AttributeProto.AttributeType.FLOAT, f: -2 });
  // A LeakyRelu of slope −2 after the ReLU: its own activation layer (1), whose α breaks its rule (a number ≥ 0).
  const nodeLayer = imported((nodes) => {
    const relu = nodes.findIndex((node) => node.opType === 'Relu');
    nodes.splice(relu + 1, 0, onnx.NodeProto.create({ name: 'slope', opType: 'LeakyRelu', input: [nodes[relu]!.output![0]!], output: ['sloped'], attribute: [negativeSlope()] }));
    nodes[relu + 2]!.input![0] = 'sloped';
  });
  // The ReLU made a LeakyRelu of slope −2: fused into dense layer 0, which does not build.
  const doesNotBuild = imported((nodes) => {
    const relu = nodes.find((node) => node.opType === 'Relu')!;
    relu.opType = 'LeakyRelu';
    relu.attribute = [negativeSlope()];
  });

  it('an ONNX node whose layer has a field that breaks its rule carries the chain node → layer → field as data', () => {
    expect(failureOf(nodeLayer)).toMatchObject({
      code: 'onnx.node-layer', params: { file: 'slope.onnx', node: 'slope', op: 'LeakyRelu' },
      problem: { code: 'layer.field', params: { index: 1, type: 'activation' }, problem: { code: 'field.at-least', params: { field: 'alpha', min: 0, got: '-2' } } },
    });
  });

  it('is worded at all three levels in either language, the field by the Train form\'s label', () => {
    createLabI18n('en');
    expect(messageOf(nodeLayer)).toBe('slope.onnx: node "slope" (LeakyRelu) layer 1 (activation): α must be a number ≥ 0, got -2');
    createLabI18n('zh-CN');
    expect(messageOf(nodeLayer)).toBe('slope.onnx：节点“slope”（LeakyRelu）第 1 层（激活函数）：α 必须是不小于 0 的数，当前为 -2');
  });

  it('a network that does not build because of a layer\'s field is worded to the field too', () => {
    createLabI18n('en');
    expect(messageOf(doesNotBuild)).toBe('slope.onnx: the imported network does not build: layer 0 (dense): α must be a number ≥ 0, got -2');
    createLabI18n('zh-CN');
    expect(messageOf(doesNotBuild)).toBe('slope.onnx：导入的网络无法构建：第 0 层（全连接）：α 必须是不小于 0 的数，当前为 -2');
  });

  it('an inner level the app has no words for leaves the English sentence whole', () => {
    createLabI18n('zh-CN');
    const body = errorBodyOf(nodeLayer);
    const odd = { ...body, problem: { ...body.problem!, problem: { code: 'field.odd', params: { field: 'alpha' } } } };
    expect(messageOf(odd)).toBe('slope.onnx: node "slope" (LeakyRelu) layer 1 (activation): alpha (the leaky slope) must be a number ≥ 0, got -2');
  });

  it('a chain that points back at itself, or nests past the bound, is read and shown as the English message', () => {
    createLabI18n('zh-CN');
    const cycle: { code: string; params: object; problem?: unknown } = { code: 'layer.field', params: { index: 1, type: 'dense' } };
    cycle.problem = cycle;
    const looping = { message: 'layer 1 (dense): loops', code: 'onnx.node-layer', params: { file: 'c.onnx', node: 'n', op: 'Gemm' }, problem: cycle };
    expect(messageOf(looping)).toBe('layer 1 (dense): loops');
    expect(messageOf(new LabError(errorBodyOf(Object.assign(new Error('layer 1 (dense): loops'), looping))))).toBe('layer 1 (dense): loops');
  });
});

describe('a model file whose network does not build', () => {
  it('weights its layers refuse: the file and the missing tensor worded in either language', () => {
    const tiny: SavedModel = {
      modelSpec: { inputShape: [4], layers: [{ type: 'dense', units: 2 }], loss: 'softmax-cross-entropy' }, trainSpec: null, preprocessing: null, metrics: null,
      provenance: { appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' },
      weights: { 'layers.0.weight': new Tensor([4, 2], new Float32Array(8)) },
    };
    const refusal = new LabError(errorBodyOf(thrown(() => importModelFile('gap.bplab', encodeModelFile(tiny), { appVersion: '0.1.0', createdAt: '2026-01-01T00:00:00.000Z' }))));
    expect(failureOf(refusal)).toMatchObject({ code: 'model-file.does-not-build', problem: { code: 'model.state-missing', params: { tensor: 'layers.0.bias', shape: '[2]' } } });
    createLabI18n('en');
    expect(messageOf(refusal)).toBe('gap.bplab: the network in the file does not build: The saved state has no tensor "layers.0.bias" ([2])');
    createLabI18n('zh-CN');
    expect(messageOf(refusal)).toBe('gap.bplab：文件中的网络无法构建：保存的状态中没有张量“layers.0.bias”（[2]）');
  });

  it('a model the pad cannot feed names its input size in Chinese', () => {
    createLabI18n('zh-CN');
    const refusal = new LabError(errorBodyOf(new HostError('library.input-size', { file: 'four.bplab', inputs: 4, shape: '4', pixels: 784 })));
    expect(messageOf(refusal)).toBe('four.bplab：这个模型每个样本读入 4 个数（[4]），而手写板给出的是 28×28 = 784 个');
  });
});
