/**
 * Pooling by hand (seed 000 (1.4)–(1.6); TEXTBOOK §1, §10.10): max or average over each window of one
 * matrix, computed by the engine's own pooling layer, with each window's place and the cell max pooling
 * picked (where its gradient would flow back).
 */
import { Model } from '../model.js';
import { createReferenceKernels } from '../kernels/reference.js';
import { Tensor } from '../tensor.js';
import { convOutputSize } from '../kernels/kernels.js';

export type PoolKind = 'max' | 'avg';

export interface PoolWindow {
  row: number;
  column: number;
  /** Top-left cell of the window in the input. */
  top: number;
  left: number;
  /** For max pooling, the input cell that won (row, column); the first one on ties. */
  argmax?: [number, number];
}

export interface PoolingByHandResult {
  output: number[][];
  windows: PoolWindow[];
  sizeFormula: { rows: string; columns: string };
}

export function poolingByHand(input: number[][], kind: PoolKind, size: number, stride = size): PoolingByHandResult {
  const rows = input.length;
  const columns = input[0]?.length ?? 0;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`pooling: the window size must be a whole number ≥ 1, got ${size}`);
  if (!Number.isInteger(stride) || stride < 1) throw new RangeError(`pooling: the stride must be a whole number ≥ 1, got ${stride}`);
  const outputRows = convOutputSize(rows, size, stride, 0);
  const outputColumns = convOutputSize(columns, size, stride, 0);
  const sizeFormula = {
    rows: `⌊(${rows} − ${size})/${stride}⌋ + 1 = ${outputRows}`,
    columns: `⌊(${columns} − ${size})/${stride}⌋ + 1 = ${outputColumns}`,
  };
  if (outputRows < 1 || outputColumns < 1) throw new RangeError(`pooling: a ${size}×${size} window does not fit in a ${rows}×${columns} input`);
  const model = Model.build(
    { inputShape: [1, rows, columns], layers: [{ type: kind === 'max' ? 'maxpool2d' : 'avgpool2d', poolSize: size, stride }, { type: 'flatten' }], loss: 'mse' },
    { kernels: createReferenceKernels(), init: 'zero', seed: 1, dtype: 'float64' },
  );
  const y = model.forward(Tensor.from([1, 1, rows, columns], input.flat(), 'float64'), { training: false });
  const output = Array.from({ length: outputRows }, (_, i) => Array.from(y.data.subarray(i * outputColumns, (i + 1) * outputColumns)));
  const windows: PoolWindow[] = [];
  for (let row = 0; row < outputRows; row++) {
    for (let column = 0; column < outputColumns; column++) {
      const window: PoolWindow = { row, column, top: row * stride, left: column * stride };
      if (kind === 'max') window.argmax = argmaxIn(input, window.top, window.left, size);
      windows.push(window);
    }
  }
  return { output, windows, sizeFormula };
}

function argmaxIn(input: number[][], top: number, left: number, size: number): [number, number] {
  let best: [number, number] = [top, left];
  for (let i = top; i < top + size; i++) {
    for (let j = left; j < left + size; j++) if (input[i]![j]! > input[best[0]]![best[1]]!) best = [i, j];
  }
  return best;
}
