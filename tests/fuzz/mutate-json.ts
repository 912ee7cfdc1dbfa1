/**
 * Seeded mutation of a JSON value, the way a user's editor or a hostile peer breaks a well-formed file:
 * one node replaced by a value of the wrong type, an extreme number (±10^12, 2^53, 1e308, 1e999 which
 * parses as Infinity, -0), a 100,000-character or NUL-holding string, nesting thousands deep; a key
 * removed or added; an array emptied or repeated. The text is then, now and then, broken byte-wise
 * (mutate.ts) for truncation and non-UTF-8. Same seed, same inputs.
 */
import type { Rng } from '@backprop-lab/core';
import { mutate } from './mutate.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A token written into the text as it is (1e999, NaN, a 5000-deep array): JSON.stringify cannot say them. */
const RAW = '@@raw@@';
const raw = (text: string) => `${RAW}${text}`;

const HOSTILE: readonly Json[] = [
  null, true, false, 0, -1, 0.5, -0.5, 1e12, -1e12, 2 ** 53 + 2, 1e308, -1e308, 4294967296, 65537, '', '28', 'x'.repeat(100_000),
  'nul\u0000inside', '../../etc/passwd', [], {}, [[[]]], raw('{"__proto__":{"polluted":1},"constructor":"x"}'),
  raw('1e999'), raw('-1e999'), raw('-0'), raw('NaN'), raw('Infinity'), raw(`${'['.repeat(5000)}${']'.repeat(5000)}`),
  raw(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`),
];

export function mutateJson(value: unknown, rng: Rng): Uint8Array {
  const text = JSON.stringify(mutateTree(value, rng)).replace(new RegExp(`"${RAW}((?:[^"\\\\]|\\\\.)*)"`, 'g'), (_, token: string) => JSON.parse(`"${token}"`) as string);
  const bytes = new TextEncoder().encode(text);
  // One input in five is also broken as bytes: cut short, a non-UTF-8 byte, a stray bracket.
  return rng.next() < 0.2 ? mutate(bytes, rng) : bytes;
}

/**
 * The structural rounds alone, on a copy of `value`: always a tree (no node reachable twice), since every
 * value put in is a fresh copy; a shared one would let a later round write into HOSTILE or into itself.
 */
export function mutateTree(value: unknown, rng: Rng): Json {
  let tree = structuredClone(value) as Json;
  const rounds = 1 + rng.int(3);
  for (let r = 0; r < rounds; r++) tree = mutateNode(tree, rng);
  return tree;
}

function mutateNode(tree: Json, rng: Rng): Json {
  const paths = nodePaths(tree);
  const path = paths[rng.int(paths.length)]!;
  if (path.length === 0) return replacement(tree, rng);
  const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key]!, tree) as Record<string, Json> | Json[];
  const key = path[path.length - 1]!;
  const choice = rng.int(10);
  if (Array.isArray(parent)) {
    if (choice === 0) parent.splice(Number(key), 1);
    else parent[Number(key)] = replacement(parent[Number(key)]!, rng);
  } else if (choice === 0) delete parent[key];
  else if (choice === 1) parent[`unknown${rng.int(100)}`] = 1;
  else parent[key] = replacement(parent[key]!, rng);
  return tree;
}

function replacement(node: Json, rng: Rng): Json {
  if (Array.isArray(node) && node.length && rng.next() < 0.3) {
    // Repeated: a list far longer than the format expects (5000 copies of one element).
    return rng.next() < 0.5 ? [] : Array.from({ length: 5000 }, () => copy(node[0]!));
  }
  return copy(HOSTILE[rng.int(HOSTILE.length)]!);
}

const copy = (node: Json): Json => (node !== null && typeof node === 'object' ? structuredClone(node) : node);

/** The path to every node (keys of objects, indices of arrays), the root's being []. */
function nodePaths(tree: Json, prefix: string[] = [], out: string[][] = []): string[][] {
  out.push(prefix);
  if (out.length > 4000 || tree === null || typeof tree !== 'object') return out;
  // Long arrays (tensor data) contribute their first few elements only, so the structure is hit as often.
  const keys = Array.isArray(tree) ? tree.slice(0, 4).map((_, i) => String(i)) : Object.keys(tree);
  for (const key of keys) nodePaths((tree as Record<string, Json>)[key]!, [...prefix, key], out);
  return out;
}
