/**
 * A worker's replayed uniforms: read in order, and refused when the pass draws more or fewer than were
 * drawn for its slice, with the counts.
 */
import { describe, expect, it } from 'vitest';
import { ReplayedUniforms } from './dropout-uniforms.js';

describe('ReplayedUniforms', () => {
  it('gives the values in order and accepts a pass that drew all of them', () => {
    const uniforms = new ReplayedUniforms(Float64Array.from([0.25, 0.5, 0.75, 0.125]));
    expect([uniforms.next(), uniforms.next(), uniforms.next(), uniforms.next()]).toEqual([0.25, 0.5, 0.75, 0.125]);
    expect(() => uniforms.expectAllDrawn(2)).not.toThrow();
  });

  it('refuses a pass that drew fewer, naming how many of how many for how many rows', () => {
    const uniforms = new ReplayedUniforms(new Float64Array(6));
    uniforms.next();
    uniforms.next();
    expect(() => uniforms.expectAllDrawn(2)).toThrow('executor: dropout drew 2 of the 6 uniforms drawn for a slice of 2 rows (3 per row)');
  });

  it('refuses a draw past the slice', () => {
    const uniforms = new ReplayedUniforms(new Float64Array(1));
    uniforms.next();
    expect(() => uniforms.next()).toThrow('executor: dropout drew more than the 1 uniforms drawn for its slice');
  });
});
