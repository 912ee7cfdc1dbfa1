/**
 * JSON read from outside (manifests, checkpoints, model JSON exports, spec files, server messages) is measured before it
 * is parsed: its length and how deeply its arrays and objects nest. A 10,000-deep value parses, but
 * every recursive walk over it afterwards (structuredClone, JSON.stringify, a schema check) overflows
 * the stack, so depth is refused at the door, by one linear scan that never recurses.
 */
import { readLimits } from '../limits.js';

/**
 * The deepest nesting of [ and { in `text`, outside strings; stops counting once past `stopAbove`.
 * Strings are skipped with their escapes, so `"[[["` counts 0.
 */
export function jsonNestingDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export interface JsonBounds {
  maxChars: number;
  maxDepth: number;
}

/** Why parseBoundedJson refused a text, as data: too many characters, nested too deep, or not JSON (the parser's words). */
export type JsonRefusal = { kind: 'too-long'; chars: number; max: number } | { kind: 'too-deep'; max: number } | { kind: 'not-json'; detail: string };

/**
 * JSON.parse after the length and depth checks; `fail(reason, refusal)` turns each refusal (in English,
 * and as data) into the caller's error type (DataError, ModelFileError, a wire error) with the caller's file name.
 */
export function parseBoundedJson(
  text: string, fail: (reason: string, refusal: JsonRefusal) => never,
  bounds: JsonBounds = { maxChars: readLimits.maxManifestBytes, maxDepth: readLimits.maxJsonDepth },
): unknown {
  if (text.length > bounds.maxChars) {
    fail(`${text.length} characters of JSON, more than the ${bounds.maxChars} allowed`, { kind: 'too-long', chars: text.length, max: bounds.maxChars });
  }
  const depth = jsonNestingDepth(text, bounds.maxDepth);
  if (depth > bounds.maxDepth) fail(`JSON nested more than ${bounds.maxDepth} levels deep`, { kind: 'too-deep', max: bounds.maxDepth });
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = (error as Error).message.slice(0, 200);
    return fail(`not valid JSON (${detail})`, { kind: 'not-json', detail });
  }
}
