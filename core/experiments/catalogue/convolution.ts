/** §10.10 Convolution by hand: figure 1.1 of seed 000 by default; each output cell with its window, then pooling. */
import { convolutionByHand, FIGURE_1_1 } from '../convolution.js';
import { poolingByHand } from '../pooling.js';
import { defineExperiment } from '../registry/definition.js';

export interface ConvolutionWindow {
  row: number;
  column: number;
  /** Top-left of the window in the padded input. */
  top: number;
  left: number;
  /** w_mn · x_{i+m, j+n} for every kernel cell, row-major (0 where the window covers padding). */
  products: number[];
  value: number;
}

export interface ConvolutionDetail {
  padding: number;
  padded: number[][];
  kernel: number[][];
  output: number[][];
  windows: ConvolutionWindow[];
  sizeFormula: { rows: string; columns: string };
  pooling: ReturnType<typeof poolingByHand> & { kind: 'max' | 'avg'; size: number };
}

export const convolutionExperiment = defineExperiment({
  id: 'convolution',
  course: 10,
  trains: false,
  params: {
    input: { kind: 'matrix', default: FIGURE_1_1.input, maxRows: 12, maxColumns: 12 },
    kernel: { kind: 'matrix', default: FIGURE_1_1.kernel, maxRows: 7, maxColumns: 7 },
    stride: { kind: 'number', default: FIGURE_1_1.stride, min: 1, max: 6, integer: true },
    padding: { kind: 'number', default: FIGURE_1_1.padding, min: 0, max: 3, integer: true },
    pooling: { kind: 'choice', default: 'max', choices: ['max', 'avg'] },
    poolSize: { kind: 'number', default: 2, min: 1, max: 6, integer: true },
  },
  async run(params) {
    const { input, kernel, stride, padding } = params;
    const convolution = convolutionByHand({ input, kernel, stride, padding });
    const padded = padMatrix(input, padding);
    const windows: ConvolutionWindow[] = [];
    convolution.output.forEach((outputRow, row) => outputRow.forEach((value, column) => {
      const top = row * stride;
      const left = column * stride;
      const products = kernel.flatMap((kernelRow, m) => kernelRow.map((w, n) => w * padded[top + m]![left + n]!));
      windows.push({ row, column, top, left, products, value });
    }));
    const pooling = { ...poolingByHand(input, params.pooling, params.poolSize), kind: params.pooling, size: params.poolSize };
    const detail: ConvolutionDetail = { padding, padded, kernel, output: convolution.output, windows, sizeFormula: convolution.sizeFormula, pooling };
    const matrixTable = (id: string, matrix: number[][]) => ({
      id, columns: matrix[0]!.map((_, j) => String(j + 1)), rows: matrix,
    });
    return {
      figures: [],
      tables: [matrixTable('output', convolution.output), matrixTable('pooled', pooling.output)],
      values: {
        outputRows: convolution.outputRows, outputColumns: convolution.outputColumns,
        rowsFormula: convolution.sizeFormula.rows, columnsFormula: convolution.sizeFormula.columns,
      },
      detail,
    };
  },
});

function padMatrix(matrix: number[][], padding: number): number[][] {
  const columns = matrix[0]!.length + 2 * padding;
  const zeros = () => new Array<number>(columns).fill(0);
  const edge = Array.from({ length: padding }, zeros);
  return [...edge, ...matrix.map((row) => [...new Array<number>(padding).fill(0), ...row, ...new Array<number>(padding).fill(0)]), ...edge.map(() => zeros())];
}
