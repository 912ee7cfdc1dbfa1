/**
 * A sequential model built from a JSON ModelSpec (STYLE 6: a model is data). The forward pass runs the
 * layers in order and caches what each backward needs; the backward pass walks them in reverse, each
 * layer turning dL/dY into dL/dX and writing dL/dθ (TEXTBOOK §9: every backward is the local
 * Jacobian-vector product of its forward).
 *
 * Parameters and buffers form a tree with dotted names, `layers.<i>.<name>` (weight, bias, gamma, beta,
 * runningMean, runningVar), where i is the layer's index in the spec.
 *
 * Softmax cross-entropy and sigmoid BCE take logits (TEXTBOOK §3: log-sum-exp, never log 0). A spec that
 * ends in softmax (sigmoid) before such a loss, as the course writes its networks ("10 softmax,
 * cross-entropy"), gets that last activation fused into the loss: forward() returns the logits and
 * predict() the probabilities, which is the same function with a stable gradient A − Y.
 */
import { SpecError, ModelFileError } from './errors.js';
import { Tensor, formatShape, sameShape, shapeSize, type DType } from './tensor.js';
import { Rng, type UniformSource } from './random.js';
import type { BatchReducer } from './layers/batch-statistics.js';
import type { Kernels } from './kernels/kernels.js';
import type { ActivationName, InitName, LayerSpec, ModelSpec } from './spec.js';
import { createLoss, isLossName, lossNames, type Loss } from './losses.js';
import { createLayer, layerOutputShape, type Layer, type LayerContext } from './layers/index.js';
import { checkModelSize } from './spec-limits.js';
import { briefValue } from './fields.js';

export interface BuildOptions {
  kernels: Kernels;
  /** Weight initialisation for layers whose spec names none; 'xavier-uniform' unless told. */
  init?: InitName;
  /** Seeds the weights (and the default dropout stream); 1 unless told. */
  seed?: number;
  dtype?: DType;
}

export interface ForwardOptions {
  /** Training mode: dropout masks, BatchNorm batch statistics. False unless told. */
  training?: boolean;
  /** Dropout's source of randomness; the model's own seeded stream unless given. */
  rng?: UniformSource;
  /** This pass is one slice of a batch split across threads: BatchNorm uses the batch's statistics. */
  batchStatistics?: BatchReducer;
  /**
   * Let layers reuse last pass's buffers (much cheaper than allocating): the tensors this pass returns,
   * and the hooks see, are then overwritten by the next such pass. For callers that consume them at once
   * (trainStep); false unless told.
   */
  reuseBuffers?: boolean;
}

export interface BackwardOptions {
  /** Whether to compute dL/d(input); training does not need it and saves the first layer's product. */
  inputGradient?: boolean;
}

export interface NamedParam {
  /** Dotted name, e.g. 'layers.0.weight'. */
  name: string;
  value: Tensor;
  grad: Tensor;
  /** Penalised by L1/L2 regularisation (weights only). */
  regularised: boolean;
}

export interface LayerSummary {
  index: number;
  type: string;
  /** Per sample, without the batch axis. */
  outputShape: number[];
  paramCount: number;
}

export interface ModelSummary {
  layers: LayerSummary[];
  /** Trainable values in all. */
  total: number;
}

export type LayerOutputHook = (index: number, type: string, output: Tensor) => void;

/** Losses that take logits, and the output activation each one absorbs (predict() applies it). */
export const logitLosses: Readonly<Partial<Record<ModelSpec['loss'], ActivationName>>> = {
  'softmax-cross-entropy': 'softmax',
  'sigmoid-bce': 'sigmoid',
};

/**
 * Checks a whole spec before any tensor exists and returns each layer's per-sample output shape.
 * Throws SpecError naming the layer (index and type) and the numbers that do not fit.
 */
export function validateModelSpec(spec: ModelSpec): number[][] {
  if (!spec || typeof spec !== 'object') throw SpecError.of('model.not-object');
  const { inputShape, layers, loss } = spec;
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((n) => !Number.isInteger(n) || n < 1)) {
    throw SpecError.of('model.input-shape', { value: String(JSON.stringify(inputShape)) });
  }
  if (!Array.isArray(layers) || layers.length === 0) throw SpecError.of('model.no-layers');
  if (!isLossName(loss)) throw SpecError.of('model.unknown-loss', { value: briefValue(loss), names: lossNames.join(', ') });
  if (spec.name !== undefined && typeof spec.name !== 'string') throw SpecError.of('model.name-not-text', { got: typeof spec.name });
  const shapes: number[][] = [];
  let shape: readonly number[] = inputShape;
  layers.forEach((layer, index) => {
    shape = layerOutputShape(layer, shape, index);
    shapes.push([...shape]);
  });
  const last = layers.length - 1;
  if (shape.length !== 1) {
    throw SpecError.of('model.needs-vector', { index: last, type: layers[last]!.type, shape: formatShape(shape), loss }, last);
  }
  if ((loss === 'softmax-cross-entropy' || loss === 'hinge') && shape[0]! < 2) {
    throw SpecError.of('model.needs-classes', { index: last, type: layers[last]!.type, classes: shape[0]!, loss }, last);
  }
  checkModelSize(spec, shapes);
  return shapes;
}

/** The activation a layer spec applies at its output, if any. */
function activationOf(layer: LayerSpec): string | undefined {
  if (layer.type === 'activation') return layer.fn;
  if (layer.type === 'dense' || layer.type === 'conv1d' || layer.type === 'conv2d') return layer.activation;
  return undefined;
}

/**
 * What is legal but will not train as a learner may expect, for the UI to show before training:
 * a step activation (derivative 0: nothing flows back through it, TEXTBOOK §2), and a probability loss
 * (bce, log-loss) whose last layer does not produce probabilities.
 */
export function modelSpecWarnings(spec: ModelSpec): string[] {
  const warnings: string[] = [];
  spec.layers.forEach((layer, index) => {
    if (activationOf(layer) === 'step') {
      warnings.push(
        `layer ${index} (${layer.type}): the step activation has derivative 0, so no gradient flows back through it ` +
          `and the layers up to it cannot learn`,
      );
    }
  });
  const last = spec.layers[spec.layers.length - 1];
  const expected = spec.loss === 'bce' ? 'sigmoid' : spec.loss === 'log-loss' ? 'softmax' : undefined;
  if (last && expected && activationOf(last) !== expected) {
    warnings.push(
      `layer ${spec.layers.length - 1} (${last.type}): the loss '${spec.loss}' expects probabilities; ` +
        `end with a ${expected} (or use '${spec.loss === 'bce' ? 'sigmoid-bce' : 'softmax-cross-entropy'}' on logits)`,
    );
  }
  return warnings;
}

/** True when the spec's last layer is the activation its logit loss already applies. */
function endsInFusedActivation(spec: ModelSpec): boolean {
  const fused = logitLosses[spec.loss];
  const last: LayerSpec | undefined = spec.layers[spec.layers.length - 1];
  return fused !== undefined && last !== undefined && activationOf(last) === fused;
}

export class Model {
  readonly spec: ModelSpec;
  readonly layers: readonly Layer[];
  readonly loss: Loss;
  readonly dtype: DType;
  readonly inputShape: readonly number[];
  readonly outputShape: readonly number[];
  /** Whether the spec's final softmax/sigmoid is applied by the loss instead of the last layer. */
  readonly fusesOutputActivation: boolean;
  /** The provider used by forward and backward; may be swapped between steps. */
  kernels: Kernels;
  /** Called with every layer's output during forward (experiments: activation histograms). */
  onLayerOutput: LayerOutputHook | null = null;

  private readonly namedParams: NamedParam[];
  private readonly namedBuffers: { name: string; value: Tensor }[];
  private readonly dropoutRng: Rng;
  private lastContext: LayerContext | null = null;
  private lastOutputShape: readonly number[] = [];

  private constructor(spec: ModelSpec, layers: Layer[], kernels: Kernels, dtype: DType, seed: number, fuses: boolean) {
    this.spec = spec;
    this.layers = layers;
    this.kernels = kernels;
    this.dtype = dtype;
    this.loss = createLoss(spec.loss);
    this.inputShape = [...spec.inputShape];
    this.outputShape = layers[layers.length - 1]!.outputShape;
    this.fusesOutputActivation = fuses;
    this.dropoutRng = new Rng((seed ^ 0x5bd1e995) >>> 0);
    this.namedParams = layers.flatMap((layer, i) =>
      layer.params().map((p) => ({ name: `layers.${i}.${p.name}`, value: p.value, grad: p.grad, regularised: p.regularised })),
    );
    this.namedBuffers = layers.flatMap((layer, i) => layer.buffers().map((b) => ({ name: `layers.${i}.${b.name}`, value: b.value })));
  }

  static build(spec: ModelSpec, options: BuildOptions): Model {
    validateModelSpec(spec);
    const dtype = options.dtype ?? 'float32';
    const seed = options.seed ?? 1;
    const init = options.init ?? 'xavier-uniform';
    const rng = new Rng(seed);
    const fuses = endsInFusedActivation(spec);
    const layers: Layer[] = [];
    let shape: readonly number[] = spec.inputShape;
    spec.layers.forEach((layerSpec, index) => {
      const dropActivation = fuses && index === spec.layers.length - 1;
      const layer = createLayer(layerSpec, shape, { init, rng, dtype, index, dropActivation });
      layers.push(layer);
      shape = layer.outputShape;
    });
    return new Model(structuredClone(spec), layers, options.kernels, dtype, seed, fuses);
  }

  summary(): ModelSummary {
    const layers = this.layers.map((layer, index) => ({
      index,
      type: layer.type,
      outputShape: [...layer.outputShape],
      paramCount: layer.params().reduce((sum, p) => sum + p.value.size, 0),
    }));
    return { layers, total: layers.reduce((sum, l) => sum + l.paramCount, 0) };
  }

  /** Trainable tensors with their gradients, by dotted name; live: optimizers update them in place. */
  parameters(): NamedParam[] {
    return this.namedParams;
  }

  /** Every tensor that defines the model (parameters, then BatchNorm running statistics); live references. */
  stateDict(): Record<string, Tensor> {
    const state: Record<string, Tensor> = {};
    for (const p of this.namedParams) state[p.name] = p.value;
    for (const b of this.namedBuffers) state[b.name] = b.value;
    return state;
  }

  /** Copies saved tensors into the model; checks every name and shape first, so a bad dict changes nothing. */
  loadStateDict(state: Readonly<Record<string, Tensor>>): void {
    const own = this.stateDict();
    for (const [name, tensor] of Object.entries(own)) {
      const saved = state[name];
      if (!saved) throw ModelFileError.of('model.state-missing', { tensor: name, shape: formatShape(tensor.shape) });
      if (!sameShape(saved.shape, tensor.shape)) {
        throw ModelFileError.of('model.state-shape', { tensor: name, saved: formatShape(saved.shape), expected: formatShape(tensor.shape) });
      }
    }
    for (const name of Object.keys(state)) {
      if (!(name in own)) throw ModelFileError.of('model.state-extra', { tensor: name });
    }
    for (const [name, tensor] of Object.entries(own)) tensor.data.set(state[name]!.data);
  }

  /** x [m, ...inputShape] → output [m, k] (logits for softmax-cross-entropy and sigmoid-bce). */
  forward(x: Tensor, options: ForwardOptions = {}): Tensor {
    const context: LayerContext = {
      kernels: this.kernels,
      training: options.training ?? false,
      rng: options.rng ?? this.dropoutRng,
      reuseBuffers: options.reuseBuffers ?? false,
      ...(options.batchStatistics ? { batchStatistics: options.batchStatistics } : {}),
    };
    let output = this.prepareInput(x);
    for (let i = 0; i < this.layers.length; i++) {
      const layer = this.layers[i]!;
      output = layer.forward(output, context);
      this.onLayerOutput?.(i, layer.type, output);
    }
    this.lastContext = context;
    this.lastOutputShape = output.shape;
    return output;
  }

  /** Fills every parameter's grad from dL/d(output) of the last forward; returns dL/d(input). */
  backward(dOutput: Tensor, options: BackwardOptions = {}): Tensor {
    const forwardContext = this.lastContext;
    if (!forwardContext) throw new Error('Model.backward called before forward');
    if (!sameShape(dOutput.shape, this.lastOutputShape)) {
      throw new Error(`Model.backward: dOutput ${formatShape(dOutput.shape)} differs from the last output ${formatShape(this.lastOutputShape)}`);
    }
    const wantInput = options.inputGradient ?? true;
    let gradient = dOutput.dtype === this.dtype ? dOutput : dOutput.as(this.dtype);
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const context = i === 0 && !wantInput ? { ...forwardContext, inputGradient: false } : forwardContext;
      gradient = this.layers[i]!.backward(gradient, context);
    }
    return gradient;
  }

  /** Probabilities (or the output as is, for regression losses) in inference mode. */
  predict(x: Tensor): Tensor {
    return this.loss.probabilities(this.forward(x, { training: false }));
  }

  private prepareInput(x: Tensor): Tensor {
    const m = x.shape[0] ?? 0;
    const perSample = shapeSize(this.inputShape);
    if (x.shape.length < 1 || x.size !== m * perSample) {
      throw SpecError.of('model.input-mismatch', { shape: formatShape(x.shape), inputShape: formatShape(this.inputShape), size: perSample });
    }
    const shaped = sameShape(x.shape.slice(1), this.inputShape) ? x : x.reshape([m, ...this.inputShape]);
    return shaped.dtype === this.dtype ? shaped : shaped.as(this.dtype);
  }
}

/** ‖∂L/∂θ‖₂ of every parameter tensor, by dotted name, after a backward pass. */
export function gradientNorms(model: Model): Record<string, number> {
  const norms: Record<string, number> = {};
  for (const p of model.parameters()) {
    let sum = 0;
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
    norms[p.name] = Math.sqrt(sum);
  }
  return norms;
}
