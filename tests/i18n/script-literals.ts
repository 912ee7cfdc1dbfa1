/**
 * Finds user-visible text written into the renderer's scripts instead of coming from the locale files:
 * a string literal that reads as words (the template finder's rule) given to a property the page shows
 * (an ECharts option's `name`, `text`, `title`, `formatter`; a toast's `message`; a choice's `label` …),
 * assigned to an element's shown property (`textContent`, `title`, `placeholder`, `ariaLabel`) or
 * passed to the browser's own dialogs (alert, confirm, prompt). Keys passed to t()/te() are arguments of
 * a call, not shown properties, so they are not counted. Used by the script-literal test; a pure
 * function, tested on samples too.
 */
import ts from 'typescript';
import { readsAsWords, type Literal } from './template-literals.js';

/** Properties of an object whose string value a person reads (chart options, toasts, choices, fields). */
const shownProperty = /^(name|text|subtext|title|label|placeholder|message|formatter|tooltip|description|caption|heading|hint|ariaLabel|aria-label|legend|emptyText)$/;
/** Element properties whose value is shown. */
const shownElementProperty = /^(textContent|innerText|innerHTML|title|placeholder|ariaLabel|alt)$/;
const dialogs = /^(alert|confirm|prompt)$/;

const hasLetter = /\p{L}/u;

/** The words of a string-like expression: a literal that reads as words, or the fixed parts of a template with letters. */
function wordsOf(node: ts.Expression): string[] {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return hasLetter.test(node.text) && readsAsWords(node.text) ? [node.text] : [];
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
    // An i18n key built from parts (`train.section.${name}.title`) is looked up, not shown.
    if (parts.every((part) => /^[\w.-]*$/.test(part)) && parts.some((part) => part.includes('.'))) return [];
    return parts.filter((part) => hasLetter.test(part));
  }
  if (ts.isConditionalExpression(node)) return [...wordsOf(node.whenTrue), ...wordsOf(node.whenFalse)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return [...wordsOf(node.left), ...wordsOf(node.right)];
  if (ts.isParenthesizedExpression(node)) return wordsOf(node.expression);
  // A formatter: what the arrow function returns is shown.
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) return wordsOf(node.body);
  return [];
}

function propertyName(name: ts.PropertyName | ts.MemberName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The literal user-visible strings of a script (TypeScript), with their lines counted from `firstLine`. */
export function scriptLiterals(source: string, firstLine = 1): Literal[] {
  const file = ts.createSourceFile('script.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: Literal[] = [];
  const report = (node: ts.Node, texts: string[]) => {
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + firstLine;
    for (const text of texts) found.push({ line, text });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && shownProperty.test(propertyName(node.name) ?? '')) report(node, wordsOf(node.initializer));
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
      && shownElementProperty.test(node.left.name.text)) report(node, wordsOf(node.right));
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      if (dialogs.test(name)) report(node, node.arguments.flatMap(wordsOf));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
