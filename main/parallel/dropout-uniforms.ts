/**
 * Dropout on the workers draws what one thread would. On one thread each dropout layer, in layer order,
 * draws one uniform per unit of its [m, …] input from the loop's stream, row after row (core's
 * layers/dropout.ts). The main thread draws exactly those uniforms from the loop's own Rng before the step
 * (so the stream afterwards is where one thread leaves it) and lays them out per slice: worker k's rows
 * [start_k, start_k + m_k) of every dropout layer in turn, from start_k·D (D: dropout units per row over
 * all the layers), which is the order in which its own replica's dropout layers then read them.
 */
import { shapeSize, type Model, type UniformSource } from '@backprop-lab/core';
import type { BatchSlice } from './slices.js';

/** Units per row of each dropout layer of the model, in layer order. */
export function dropoutWidths(model: Model): number[] {
  return model.layers.filter((layer) => layer.type === 'dropout').map((layer) => shapeSize(layer.inputShape));
}

/** Draws one thread's dropout uniforms for the batch from `rng` into `target`, laid out per slice. */
export function drawDropoutUniforms(rng: UniformSource, widths: readonly number[], slices: readonly BatchSlice[], target: Float64Array): void {
  const perRow = widths.reduce((sum, width) => sum + width, 0);
  let before = 0;
  for (const width of widths) {
    for (const { start, size } of slices) {
      const from = start * perRow + size * before;
      for (let i = 0; i < size * width; i++) target[from + i] = rng.next();
    }
    before += width;
  }
}

/** A worker's uniforms, read in the order its dropout layers draw them. */
export class ReplayedUniforms implements UniformSource {
  private position = 0;

  constructor(private readonly values: Float64Array) {}

  next(): number {
    if (this.position >= this.values.length) throw new Error(`executor: dropout drew more than the ${this.values.length} uniforms drawn for its slice`);
    return this.values[this.position++]!;
  }

  /**
   * Throws unless the pass drew every uniform of its slice: fewer means the model's dropout layers draw
   * other counts than `dropoutWidths` says, so the slices would not have read one thread's values.
   */
  expectAllDrawn(rows: number): void {
    if (this.position !== this.values.length) {
      throw new Error(`executor: dropout drew ${this.position} of the ${this.values.length} uniforms drawn for a slice of ${rows} rows (${this.values.length / rows} per row)`);
    }
  }
}
