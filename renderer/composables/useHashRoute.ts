/**
 * The current view from the URL hash (`#/train`), so a reload keeps the view and it works under file://
 * as under the server. Unknown hashes fall back to the first view. What follows the view's name is the
 * thing open in it (`#/experiments/xor`, `#/runs/<run id>`): useHashDetail reads and sets that part.
 */
import { computed, onBeforeUnmount, ref, type WritableComputedRef } from 'vue';

/** The view's name and the rest of `#/<view>/<detail>` (null when there is none). */
function readHash(): { view: string; detail: string | null } {
  const [view = '', ...rest] = window.location.hash.replace(/^#\/?/, '').split('/');
  const detail = rest.length > 0 ? decodeURIComponent(rest.join('/')) : '';
  return { view, detail: detail === '' ? null : detail };
}

function onHashChange(listener: () => void) {
  window.addEventListener('hashchange', listener);
  onBeforeUnmount(() => window.removeEventListener('hashchange', listener));
}

export function useHashRoute<Name extends string>(names: readonly Name[]) {
  const read = (): Name => {
    const { view } = readHash();
    return (names as readonly string[]).includes(view) ? (view as Name) : names[0]!;
  };
  const current = ref<Name>(read());
  onHashChange(() => {
    current.value = read();
  });

  function go(name: Name) {
    current.value = name;
    if (window.location.hash !== `#/${name}`) window.location.hash = `#/${name}`;
  }
  return { current, go };
}

/**
 * What is open inside `view` (`#/<view>/<detail>`), kept in step with the hash both ways: setting it
 * writes the hash (null goes back to `#/<view>`), a changed hash (back, a link) sets it.
 */
export function useHashDetail(view: string): WritableComputedRef<string | null> {
  const read = () => {
    const hash = readHash();
    return hash.view === view ? hash.detail : null;
  };
  const detail = ref<string | null>(read());
  onHashChange(() => {
    detail.value = read();
  });
  return computed({
    get: () => detail.value,
    set(next) {
      detail.value = next;
      const hash = next === null ? `#/${view}` : `#/${view}/${encodeURIComponent(next)}`;
      if (window.location.hash !== hash) window.location.hash = hash;
    },
  });
}
