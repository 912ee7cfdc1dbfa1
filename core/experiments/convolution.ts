/**
 * Convolution by hand (seed 000 figure 1.1; TEXTBOOK §1, §10.10): one input and one kernel, stride and
 * padding, computed by the engine's own conv2d (a cross-correlation, y_ij = Σ_m Σ_n w_mn·x_{i+m, j+n}),
 * with the output size of seed 000 §1.2.1 (4), out = ⌊(n + 2p − m)/s⌋ + 1, worked out per axis.
 */
import { Tensor } from '../tensor.js';
import { conv2dGeometry, convOutputSize } from '../kernels/kernels.js';
import { createReferenceKernels } from '../kernels/reference.js';

export const FIGURE_1_1 = {
  input: [[2, -1, 0, -2], [0, 2, 0, 3], [-2, 0, 5, 1], [4, -3, 2, 0]],
  kernel: [[1, 0, 1], [0, -1, 0], [-2, 2, 1]],
  stride: 1,
  padding: 0,
};

export interface ConvolutionByHandInput {
  input: number[][];
  kernel: number[][];
  stride?: number;
  padding?: number;
}

export interface ConvolutionByHandResult {
  output: number[][];
  /** "⌊(4 + 2·0 − 3)/1⌋ + 1 = 2" for each axis. */
  sizeFormula: { rows: string; columns: string };
  outputRows: number;
  outputColumns: number;
}

export function convolutionByHand({ input, kernel, stride = 1, padding = 0 }: ConvolutionByHandInput): ConvolutionByHandResult {
  const [rows, columns] = matrixShape('input', input);
  const [kernelRows, kernelColumns] = matrixShape('kernel', kernel);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`convolution: stride must be a whole number ≥ 1, got ${stride}`);
  if (!Number.isInteger(padding) || padding < 0) throw new RangeError(`convolution: padding must be a whole number ≥ 0, got ${padding}`);
  const outputRows = convOutputSize(rows, kernelRows, stride, padding);
  const outputColumns = convOutputSize(columns, kernelColumns, stride, padding);
  const sizeFormula = {
    rows: `⌊(${rows} + 2·${padding} − ${kernelRows})/${stride}⌋ + 1 = ${outputRows}`,
    columns: `⌊(${columns} + 2·${padding} − ${kernelColumns})/${stride}⌋ + 1 = ${outputColumns}`,
  };
  if (outputRows < 1 || outputColumns < 1) {
    throw new RangeError(`convolution: the output would be ${outputRows}×${outputColumns} (${sizeFormula.rows}; ${sizeFormula.columns})`);
  }
  const x = Tensor.from([1, 1, rows, columns], input.flat(), 'float64');
  const w = Tensor.from([1, 1, kernelRows, kernelColumns], kernel.flat(), 'float64');
  const y = createReferenceKernels().conv2d(x, w, conv2dGeometry(x.shape, w.shape, stride, padding));
  const output = Array.from({ length: outputRows }, (_, i) =>
    Array.from(y.data.subarray(i * outputColumns, (i + 1) * outputColumns)),
  );
  return { output, sizeFormula, outputRows, outputColumns };
}

function matrixShape(name: string, matrix: number[][]): [number, number] {
  const rows = matrix.length;
  const columns = matrix[0]?.length ?? 0;
  if (rows === 0 || columns === 0 || matrix.some((row) => row.length !== columns || row.some((v) => !Number.isFinite(v)))) {
    throw new RangeError(`convolution: ${name} must be a non-empty rectangle of numbers`);
  }
  return [rows, columns];
}
