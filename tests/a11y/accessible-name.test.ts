// @vitest-environment happy-dom
/** The accessible-name finder itself, on markup whose names the accname rules fix by hand. */
import { describe, expect, it } from 'vitest';
import { accessibleName, unnamedControls } from './accessible-name.js';

function markup(html: string): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  return host;
}

describe('accessibleName', () => {
  it('names a control by aria-labelledby, aria-label, its label, its own text, title, placeholder, in that order', () => {
    const host = markup(`
      <h2 id="heading">Welcome <span aria-hidden="true">★</span></h2>
      <button id="a" aria-labelledby="heading" aria-label="ignored">x</button>
      <button id="b" aria-label="Close">×</button>
      <label>Epochs <input id="c" type="number"></label>
      <label for="d">Seed</label><input id="d">
      <button id="e"><span aria-hidden="true">✎</span> Draw</button>
      <button id="f" title="Zoom in"><span aria-hidden="true">+</span></button>
      <input id="g" placeholder="Name">
      <label>Provider <select id="h"><option>wasm</option></select></label>`);
    const name = (id: string) => accessibleName(host.querySelector(`#${id}`)!);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(name)).toEqual(['Welcome', 'Close', 'Epochs', 'Seed', 'Draw', 'Zoom in', 'Name', 'Provider']);
  });

  it('lists the controls nothing names: an icon-only button, a bare input, a select without a label', () => {
    const host = markup(`<button><span aria-hidden="true">×</span></button><input type="range"><select><option>a</option></select><button>Fine</button><input type="file" hidden>`);
    expect(unnamedControls(host)).toHaveLength(3);
    expect(unnamedControls(host)[0]).toContain('<button>');
  });
});
