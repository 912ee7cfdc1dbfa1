/**
 * The model's input normalisation as the first nodes of the ONNX graph, so the exported file takes the
 * same 28×28 image the pad and the MNIST recipe give (ink 1 on 0) and needs no code beside it. It runs
 * in float64, as `applyPreprocessing` does, and casts to float32 at the end (the same rounding):
 *
 *   minmax       x′ = lo + (x − min)·scale,  scale = (hi − lo)/(max − min)   Sub, Mul, Add
 *   standardise  x′ = (x − mean)/std                                          Sub, Div
 *   *-whiten     x′ = W (x − mean)                                            Sub, Flatten, Gemm(transB), Reshape
 *
 * Statistics the graph uses are initialisers `preprocessing.<name>` (float64, shaped like one sample);
 * the others (minmax's min and max, whitening's eigenvalues) and the spec travel in the metadata entry
 * `backprop-lab.preprocessing`, so the importer can rebuild the FittedPreprocessing exactly and check
 * that the graph's first nodes are these.
 */
import type { FittedPreprocessing } from '../../data/preprocess.js';
import { shapeSize } from '../../tensor.js';
import { DataType, intAttribute, tensorProto, type OnnxNode, type OnnxTensor } from './proto.js';

export const PREPROCESSING_METADATA_KEY = 'backprop-lab.preprocessing';
const PREFIX = 'preprocessing.';

export interface PreprocessingGraph {
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  /** The value the network reads: the normalised image (or the input itself for `none`). */
  output: string;
  /** The metadata entry's JSON: the spec and the statistics not held by initialisers. */
  metadata: string | null;
}

/** Which statistics live in the graph as initialisers; the rest are in the metadata. */
export function graphStatistics(fitted: FittedPreprocessing): string[] {
  switch (fitted.spec.type) {
    case 'none':
    case 'minmax':
      return [];
    case 'standardise':
      return ['mean', 'std'];
    case 'pca-whiten':
    case 'zca-whiten':
      return ['mean', 'matrix'];
  }
}

export function preprocessingGraph(fitted: FittedPreprocessing | null, inputShape: readonly number[], input: string): PreprocessingGraph {
  if (!fitted || fitted.spec.type === 'none') {
    return { nodes: [], initializers: [], output: input, metadata: fitted ? JSON.stringify({ spec: fitted.spec, statistics: {} }) : null };
  }
  const inGraph = new Set(graphStatistics(fitted));
  const rest = Object.fromEntries(Object.entries(fitted.statistics).filter(([name]) => !inGraph.has(name)));
  const metadata = JSON.stringify({ spec: fitted.spec, statistics: rest });
  const s = fitted.statistics;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const node = (opType: string, inputs: string[], name: string, attribute: OnnxNode['attribute'] = []): string => {
    const output = `${PREFIX}${name}`;
    nodes.push({ opType, input: inputs, output: [output], name: output, attribute });
    return output;
  };
  const constant = (name: string, dims: readonly number[], values: ArrayLike<number>, dtype: 'float64' | 'int64' = 'float64') => {
    initializers.push(tensorProto(PREFIX + name, dims, values, dtype));
    return PREFIX + name;
  };
  const x = node('Cast', [input], 'float64', [intAttribute('to', DataType.DOUBLE)]);
  let y: string;
  switch (fitted.spec.type) {
    case 'minmax': {
      const min = s.min![0]!;
      const [lo, hi] = fitted.spec.range;
      const scale = (hi - lo) / (s.max![0]! - min || 1);
      const shifted = node('Sub', [x, constant('min', [], [min])], 'shifted');
      const scaled = node('Mul', [shifted, constant('scale', [], [scale])], 'scaled');
      y = node('Add', [scaled, constant('low', [], [lo])], 'normalised64');
      break;
    }
    case 'standardise': {
      const centred = node('Sub', [x, constant('mean', inputShape, s.mean!)], 'centred');
      y = node('Div', [centred, constant('std', inputShape, s.std!)], 'normalised64');
      break;
    }
    case 'pca-whiten':
    case 'zca-whiten': {
      const d = shapeSize(inputShape);
      const centred = node('Sub', [x, constant('mean', inputShape, s.mean!)], 'centred');
      const flat = node('Flatten', [centred], 'flat', [intAttribute('axis', 1)]);
      // x′ = W(x − μ) for a column x is (x − μ)ᵀ Wᵀ for the rows of a batch: Gemm with transB = 1.
      const whitened = node('Gemm', [flat, constant('matrix', [d, d], s.matrix!)], 'whitened', [intAttribute('transB', 1)]);
      y = node('Reshape', [whitened, constant('shape', [inputShape.length + 1], [-1, ...inputShape], 'int64')], 'normalised64');
      break;
    }
  }
  const output = node('Cast', [y], 'normalised', [intAttribute('to', DataType.FLOAT)]);
  return { nodes, initializers, output, metadata };
}
