/**
 * The accessible name of a control, computed from the DOM as assistive technology does (WAI-ARIA
 * accname 1.2, the parts this app's markup uses): aria-labelledby, aria-label, a <label> (wrapping, or
 * for=id), the element's own text for buttons and links (hidden parts left out), then title and
 * placeholder. Empty when nothing names it. For component tests in happy-dom, where no browser computes it.
 */

/** The controls every view must name. */
export const CONTROL_SELECTOR = 'button, input:not([type="hidden"]), select, textarea, a[href], [role="button"], [role="slider"], [role="checkbox"], [role="tab"]';

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Text of a subtree, without what is hidden from assistive technology. */
function visibleText(node: Node): string {
  if (node.nodeType === 3) return node.textContent ?? '';
  if (node.nodeType !== 1) return '';
  const element = node as HTMLElement;
  if (element.getAttribute('aria-hidden') === 'true' || element.hidden || element.tagName === 'SCRIPT' || element.tagName === 'STYLE') return '';
  if (element.getAttribute('aria-label')) return ` ${element.getAttribute('aria-label')} `;
  if (element.tagName === 'SELECT' || element.tagName === 'INPUT' || element.tagName === 'TEXTAREA') return '';
  if (element.tagName === 'IMG') return ` ${element.getAttribute('alt') ?? ''} `;
  return [...element.childNodes].map(visibleText).join('');
}

function labelText(element: HTMLElement): string {
  const document = element.ownerDocument;
  const labels: HTMLElement[] = [];
  const wrapping = element.closest('label');
  if (wrapping) labels.push(wrapping);
  if (element.id) labels.push(...(document.querySelectorAll(`label[for="${CSS.escape(element.id)}"]`) as NodeListOf<HTMLElement>));
  return clean(labels.map(visibleText).join(' '));
}

export function accessibleName(element: HTMLElement): string {
  const document = element.ownerDocument;
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy) {
    const text = clean(labelledBy.split(/\s+/).map((id) => { const target = document.getElementById(id); return target ? visibleText(target) : ''; }).join(' '));
    if (text) return text;
  }
  const ariaLabel = clean(element.getAttribute('aria-label'));
  if (ariaLabel) return ariaLabel;
  const fromLabel = labelText(element);
  if (fromLabel) return fromLabel;
  const tag = element.tagName;
  if (tag === 'BUTTON' || tag === 'A' || element.getAttribute('role') === 'button' || element.getAttribute('role') === 'tab') {
    const own = clean(visibleText(element));
    if (own) return own;
  }
  if (tag === 'INPUT' && ['button', 'submit', 'reset'].includes((element as HTMLInputElement).type)) {
    const value = clean((element as HTMLInputElement).value);
    if (value) return value;
  }
  return clean(element.getAttribute('title')) || clean(element.getAttribute('placeholder'));
}

/** Out of the accessibility tree: under `hidden`, `inert` or aria-hidden (e.g. a file input a button opens). */
const outOfTree = (element: HTMLElement) => element.closest('[hidden], [inert], [aria-hidden="true"]') !== null;

/** Each control under `root` without an accessible name, described so a failure says which one. */
export function unnamedControls(root: ParentNode): string[] {
  return [...(root.querySelectorAll(CONTROL_SELECTOR) as NodeListOf<HTMLElement>)]
    .filter((element) => !outOfTree(element) && accessibleName(element) === '')
    .map((element) => element.outerHTML.replace(/\s+/g, ' ').slice(0, 160));
}
