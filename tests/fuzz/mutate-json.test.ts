/**
 * The JSON mutator must hand every reader a tree: a node put under itself, or a constant shared and then
 * written into, made JSON.stringify throw on a cycle and made one seed's input depend on the calls before it.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '@backprop-lab/core';
import { mutateJson, mutateTree } from './mutate-json.js';

/** The shapes the fuzz tests mutate: a request, a settings file, and lists of objects holding lists. */
const VALUES: readonly unknown[] = [
  { id: 7, method: 'models.get', params: { id: 'bundled:tiny' } },
  { provider: 'simd' },
  { layers: [{ kind: 'dense', units: 3, weights: [[0.1, -0.2], [0.3, 0.4]] }, { kind: 'relu' }], tags: [[], {}, 'a'] },
];
const SEEDS = 800;

/** Objects and arrays reached more than once from the root: none in a tree. */
function sharedNodes(tree: unknown, seen = new Set<object>(), shared: object[] = []): object[] {
  if (tree === null || typeof tree !== 'object') return shared;
  if (seen.has(tree)) {
    shared.push(tree);
    return shared;
  }
  seen.add(tree);
  for (const child of Object.values(tree)) sharedNodes(child, seen, shared);
  return shared;
}

describe('mutateJson', () => {
  it('builds a tree for every seed: no node reached twice, and its text parses back to the same value', () => {
    for (const value of VALUES) {
      for (let seed = 0; seed < SEEDS; seed++) {
        const tree = mutateTree(value, new Rng(seed));
        expect(sharedNodes(tree), `seed ${seed}`).toEqual([]);
        expect(JSON.parse(JSON.stringify(tree)), `seed ${seed}`).toEqual(tree);
        expect(() => mutateJson(value, new Rng(seed)), `seed ${seed}`).not.toThrow();
      }
    }
  });

  it('gives one seed the same bytes whatever was mutated before, and leaves the value it was given as it was', () => {
    const value = VALUES[2]!;
    const before = JSON.stringify(value);
    const first = Array.from({ length: 50 }, (_, seed) => mutateJson(value, new Rng(seed)));
    for (const other of VALUES) for (let seed = 0; seed < SEEDS; seed++) mutateJson(other, new Rng(seed));
    const again = Array.from({ length: 50 }, (_, seed) => mutateJson(value, new Rng(seed)));
    expect(again).toEqual(first);
    expect(JSON.stringify(value)).toBe(before);
  });
});
