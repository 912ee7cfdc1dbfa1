/**
 * A saved model as an ONNX file (opset 13), written with protobufjs from the ONNX schema. The graph takes
 * `image` [N, …inputShape] (the 28×28 MNIST recipe: ink 1 on 0), normalises it as the model was trained
 * (preprocessing.ts) and gives `probabilities` [N, classes]: what `Model.predict` gives after the
 * app's preprocessing. Initialisers carry the state dict's dotted names (`layers.0.weight`), values and
 * layouts unchanged:
 *
 *   dense            [Flatten(axis 1) when the input has more than one axis] Gemm(x, W [in, units], b)
 *   conv2d / conv1d  Conv(x, W [F, C, kh(, kw)], b, strides, pads)
 *   maxpool2d        MaxPool          avgpool2d  AveragePool (no padding, so no count_include_pad question)
 *   globalavgpool    GlobalAveragePool → Flatten(axis 1)
 *   batchnorm        BatchNormalization(x, gamma, beta, runningMean, runningVar, epsilon, momentum 1 − ours)  (test mode)
 *   dropout          Dropout(ratio 1 − keep) (inference: identity), then Mul by keep for classic dropout
 *   flatten          Flatten(axis 1)
 *   sigmoid, tanh, relu, softsign   Sigmoid, Tanh, Relu, Softsign
 *   leaky-relu       LeakyRelu(alpha)    hard-tanh  Clip(−1, 1)    softmax  Softmax(axis −1)
 *   step             Cast(Greater(x, 0), float)
 *
 * The model spec, train spec, metrics and provenance are in metadata_props (`backprop-lab.*`).
 */
import type { SavedModel } from '../model-file.js';
import { shapeSize, type Tensor } from '../../tensor.js';
import { ModelFileError } from '../../errors.js';
import { inferencePlan, type PlanStep } from '../inference-plan.js';
import { preprocessingGraph, PREPROCESSING_METADATA_KEY } from './preprocessing.js';
import {
  batchValueInfo, DataType, floatAttribute, intAttribute, intsAttribute, IR_VERSION, onnx, OPSET_VERSION, tensorProto,
  type OnnxNode, type OnnxTensor,
} from './proto.js';

export const ONNX_INPUT = 'image';
export const ONNX_OUTPUT = 'probabilities';
export const MODEL_SPEC_METADATA_KEY = 'backprop-lab.modelSpec';
export const PRODUCER_NAME = 'Backprop Lab';

export function encodeOnnx(model: SavedModel): Uint8Array {
  const plan = inferencePlan(model.modelSpec);
  const preprocessing = preprocessingGraph(model.preprocessing, plan.inputShape, ONNX_INPUT);
  const nodes: OnnxNode[] = [...preprocessing.nodes];
  const initializers: OnnxTensor[] = [...preprocessing.initializers];
  let current = preprocessing.output;

  const weight = (name: string): string => {
    const tensor: Tensor | undefined = model.weights[name];
    if (!tensor) throw ModelFileError.of('export.no-tensor', { tensor: name });
    initializers.push(tensorProto(name, tensor.shape, tensor.data));
    return name;
  };
  const constant = (name: string, values: number[]): string => {
    initializers.push(tensorProto(name, [], values));
    return name;
  };
  /** Appends a node reading `inputs` after the current value and makes its output current. */
  const add = (step: PlanStep, opType: string, extraInputs: string[] = [], attribute: OnnxNode['attribute'] = [], suffix = opType) => {
    const output = `layers.${step.index}.${suffix}`;
    nodes.push({ opType, name: output, input: [current, ...extraInputs], output: [output], attribute });
    current = output;
  };
  const prefix = (step: PlanStep) => `layers.${step.index}`;

  for (const step of plan.steps) {
    switch (step.kind) {
      case 'dense':
        if (step.inputShape.length > 1) add(step, 'Flatten', [], [intAttribute('axis', 1)]);
        add(step, 'Gemm', [weight(`${prefix(step)}.weight`), weight(`${prefix(step)}.bias`)]);
        break;
      case 'conv2d':
        add(step, 'Conv', [weight(`${prefix(step)}.weight`), weight(`${prefix(step)}.bias`)], [
          intsAttribute('kernel_shape', step.kernel), intsAttribute('strides', step.stride),
          intsAttribute('pads', [step.padding[0], step.padding[1], step.padding[0], step.padding[1]]),
        ]);
        break;
      case 'conv1d':
        add(step, 'Conv', [weight(`${prefix(step)}.weight`), weight(`${prefix(step)}.bias`)], [
          intsAttribute('kernel_shape', [step.kernel]), intsAttribute('strides', [step.stride]),
          intsAttribute('pads', [step.padding, step.padding]),
        ]);
        break;
      case 'maxpool2d':
      case 'avgpool2d':
        add(step, step.kind === 'maxpool2d' ? 'MaxPool' : 'AveragePool', [], [
          intsAttribute('kernel_shape', step.pool), intsAttribute('strides', step.stride),
        ]);
        break;
      case 'globalavgpool':
        add(step, 'GlobalAveragePool');
        add(step, 'Flatten', [], [intAttribute('axis', 1)]);
        break;
      case 'flatten':
        add(step, 'Flatten', [], [intAttribute('axis', 1)]);
        break;
      case 'dropout':
        // ratio = 1 − keep (ONNX's probability of dropping); at inference Dropout passes x through.
        add(step, 'Dropout', [constant(`${prefix(step)}.ratio`, [1 - step.keep])]);
        if (step.mode === 'classic') add(step, 'Mul', [constant(`${prefix(step)}.keep`, [step.keep])]);
        break;
      case 'batchnorm':
        add(step, 'BatchNormalization', ['gamma', 'beta', 'runningMean', 'runningVar'].map((n) => weight(`${prefix(step)}.${n}`)), [
          floatAttribute('epsilon', step.epsilon), floatAttribute('momentum', 1 - step.momentum),
        ]);
        break;
      case 'activation':
        addActivation(step);
        break;
    }
  }

  function addActivation(step: Extract<PlanStep, { kind: 'activation' }>) {
    switch (step.fn) {
      case 'sigmoid': return add(step, 'Sigmoid');
      case 'tanh': return add(step, 'Tanh');
      case 'relu': return add(step, 'Relu');
      case 'softsign': return add(step, 'Softsign');
      case 'leaky-relu': return add(step, 'LeakyRelu', [], [floatAttribute('alpha', step.alpha)]);
      case 'hard-tanh': return add(step, 'Clip', [constant(`${prefix(step)}.clipMin`, [-1]), constant(`${prefix(step)}.clipMax`, [1])]);
      case 'softmax': return add(step, 'Softmax', [], [intAttribute('axis', -1)]);
      case 'step':
        add(step, 'Greater', [constant(`${prefix(step)}.threshold`, [0])]);
        return add(step, 'Cast', [], [intAttribute('to', DataType.FLOAT)]);
    }
  }

  // A network that computes the identity (one linear activation) still has a node to write the output.
  if (current === preprocessing.output) nodes.push({ opType: 'Identity', name: 'identity', input: [current], output: [current], attribute: [] });
  // The last node writes the graph's output name.
  nodes[nodes.length - 1]!.output = [ONNX_OUTPUT];

  const metadata: { key: string; value: string }[] = [
    { key: MODEL_SPEC_METADATA_KEY, value: JSON.stringify(model.modelSpec) },
    { key: 'backprop-lab.trainSpec', value: JSON.stringify(model.trainSpec) },
    { key: 'backprop-lab.metrics', value: JSON.stringify(model.metrics) },
    { key: 'backprop-lab.provenance', value: JSON.stringify(model.provenance) },
  ];
  if (preprocessing.metadata) metadata.push({ key: PREPROCESSING_METADATA_KEY, value: preprocessing.metadata });

  const message = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET_VERSION }],
    producerName: PRODUCER_NAME,
    producerVersion: model.provenance.appVersion,
    docString: `${model.modelSpec.name ?? 'model'}: ${ONNX_INPUT} [N, ${plan.inputShape.join(', ')}] (28×28, ink 1 on 0) → ` +
      `${ONNX_OUTPUT} [N, ${shapeSize(plan.outputShape)}]`,
    graph: {
      name: model.modelSpec.name ?? 'model',
      node: nodes,
      initializer: initializers,
      input: [batchValueInfo(ONNX_INPUT, plan.inputShape)],
      output: [batchValueInfo(ONNX_OUTPUT, plan.outputShape)],
    },
    metadataProps: metadata,
  });
  return onnx.ModelProto.encode(message).finish();
}
