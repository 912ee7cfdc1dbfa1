/**
 * Finds user-visible text written into a Vue template instead of coming from the locale files: text
 * between tags, visible attributes (title, placeholder, aria-label, a component's label/question/…)
 * and string literals shown by an interpolation. Text inside an element marked `translate="no"` (HTML's
 * own "not to be translated": a provider name, a code sample) is not counted, nor the keys passed to
 * t()/te(). Used by the literal-string test; a pure function so it is tested on samples too.
 */
import { parse } from 'vue/compiler-sfc';

export interface Literal {
  line: number;
  text: string;
}

/** Attributes whose value a person reads (on elements, and the text props of our components). */
const visibleAttribute = /^(title|placeholder|alt|label|aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|question|caption|heading|hint|message|text|description|tooltip|x-label|y-label|empty-text)$/;

// compiler-core's NodeTypes.
const ELEMENT = 1;
const TEXT = 2;
const INTERPOLATION = 5;
const ATTRIBUTE = 6;
const DIRECTIVE = 7;

interface AstNode {
  type: number;
  loc: { start: { line: number } };
  content?: string | AstNode;
  children?: AstNode[];
  props?: AstNode[];
  name?: string;
  value?: { content: string };
  arg?: { content?: string };
  exp?: { content?: string };
}

const hasLetter = /\p{L}/u;

/** A string literal in an expression reads as words: a space between letters, a capital, non-Latin script or an ellipsis. */
export function readsAsWords(text: string): boolean {
  return /\p{L}\s+\p{L}/u.test(text) || /^\s*\p{Lu}/u.test(text) || /[^\p{Script=Latin}\P{L}]/u.test(text) || /\p{L}…|\p{L}\.\s*$/u.test(text);
}

/**
 * String literals of an expression that read as words, t()/te() keys left out: quoted ones by
 * readsAsWords (so `kind === 'auto'` passes), and any letters in the fixed parts of a template literal
 * (built to be shown).
 */
export function stringLiteralsOf(expression: string): string[] {
  const withoutKeys = expression.replace(/\b(?:\$?t|te|n|d)\(\s*(['"`])(?:\\.|(?!\1)[^\\])*\1/g, '');
  const found: string[] = [];
  for (const match of withoutKeys.matchAll(/(['"])((?:\\.|(?!\1)[^\\])*)\1|`((?:\\.|[^\\`])*)`/g)) {
    if (match[2] !== undefined && readsAsWords(match[2])) found.push(match[2]);
    else if (match[3] !== undefined) found.push(...match[3].split(/\$\{[^}]*\}/).filter((part) => hasLetter.test(part)));
  }
  return found.filter((text) => hasLetter.test(text));
}

function untranslatable(node: AstNode): boolean {
  return (node.props ?? []).some((prop) => prop.type === ATTRIBUTE && prop.name === 'translate' && prop.value?.content === 'no');
}

function visit(node: AstNode, found: Literal[]): void {
  const line = node.loc.start.line;
  if (node.type === TEXT && typeof node.content === 'string' && hasLetter.test(node.content)) {
    found.push({ line, text: node.content.trim() });
  }
  if (node.type === INTERPOLATION && typeof node.content === 'object') {
    for (const text of stringLiteralsOf(String(node.content.content ?? ''))) found.push({ line, text });
  }
  if (node.type !== ELEMENT) return;
  if (untranslatable(node)) return;
  for (const prop of node.props ?? []) {
    const propLine = prop.loc.start.line;
    if (prop.type === ATTRIBUTE && visibleAttribute.test(prop.name ?? '') && hasLetter.test(prop.value?.content ?? '')) {
      found.push({ line: propLine, text: `${prop.name}="${prop.value!.content}"` });
    }
    if (prop.type === DIRECTIVE) {
      const shown = (prop.name === 'bind' && visibleAttribute.test(prop.arg?.content ?? '')) || prop.name === 'text' || prop.name === 'html';
      if (shown) for (const text of stringLiteralsOf(prop.exp?.content ?? '')) found.push({ line: propLine, text });
    }
  }
  for (const child of node.children ?? []) visit(child, found);
}

/** The literal user-visible strings of a single-file component's template, with their lines. */
export function templateLiterals(source: string, filename = 'component.vue'): Literal[] {
  const { descriptor } = parse(source, { filename });
  const root = descriptor.template?.ast as unknown as AstNode | undefined;
  const found: Literal[] = [];
  for (const child of root?.children ?? []) visit(child, found);
  return found;
}
