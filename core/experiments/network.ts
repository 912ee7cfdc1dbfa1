/**
 * What the network experiments need from the engine's Model, in one place: build a small model on the
 * reference kernels, run it while recording every layer's output, and take full-batch gradient steps
 * (optimizer.beforeGradient → forward → loss gradient → backward → optimizer.step).
 */
import { Model } from '../model.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Rng } from '../random.js';
import type { Tensor, DType } from '../tensor.js';
import type { InitName, ModelSpec } from '../spec.js';
import type { Optimizer } from '../optim/optimizer.js';

export interface ExperimentNetwork {
  model: Model;
  spec: ModelSpec;
  rng: Rng;
}

export function buildNetwork(spec: ModelSpec, init: InitName, seed: number, dtype: DType = 'float64'): ExperimentNetwork {
  const model = Model.build(spec, { kernels: createReferenceKernels(), init, seed, dtype });
  return { model, spec, rng: new Rng(seed + 1) };
}

/** The output of every layer (index order) and the model's output, in evaluation mode. */
export function layerOutputs(network: ExperimentNetwork, x: Tensor): { outputs: Tensor[]; output: Tensor } {
  const outputs: Tensor[] = [];
  const { model } = network;
  const previous = model.onLayerOutput;
  model.onLayerOutput = (index, _type, output) => {
    outputs[index] = output.clone();
  };
  try {
    const output = model.forward(x, { training: false, rng: network.rng });
    return { outputs, output };
  } finally {
    model.onLayerOutput = previous;
  }
}

/** Forward, loss and backward at the current parameters: fills every grad, returns the loss. */
export function computeGradients(network: ExperimentNetwork, x: Tensor, target: Tensor): number {
  const loss = network.model.loss;
  const output = network.model.forward(x, { training: true, rng: network.rng });
  const value = loss.value(output, target);
  network.model.backward(loss.gradient(output, target));
  return value;
}

/** One optimizer step on the whole batch; returns the loss before the step. */
export function trainFullBatch(network: ExperimentNetwork, optimizer: Optimizer, x: Tensor, target: Tensor): number {
  const params = network.model.parameters();
  optimizer.beforeGradient(params);
  const value = computeGradients(network, x, target);
  optimizer.step(params);
  return value;
}

/** √Σg² of each weight tensor (regularised parameters: dense and conv weights), input side first. */
export function weightGradientNorms(network: ExperimentNetwork): { name: string; norm: number }[] {
  return network.model
    .parameters()
    .filter((param) => param.regularised)
    .map((param) => {
      let sum = 0;
      for (const g of param.grad.data) sum += g * g;
      return { name: param.name, norm: Math.sqrt(sum) };
    });
}
