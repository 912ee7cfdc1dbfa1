/**
 * The current view from the URL hash (`#/train`), so a reload keeps the view and it works under file://
 * as under the server. Unknown hashes fall back to the first view.
 */
import { onBeforeUnmount, ref } from 'vue';

export function useHashRoute<Name extends string>(names: readonly Name[]) {
  const read = (): Name => {
    const hash = window.location.hash.replace(/^#\/?/, '');
    return (names as readonly string[]).includes(hash) ? (hash as Name) : names[0]!;
  };
  const current = ref<Name>(read());
  const onHashChange = () => {
    current.value = read();
  };
  window.addEventListener('hashchange', onHashChange);
  onBeforeUnmount(() => window.removeEventListener('hashchange', onHashChange));

  function go(name: Name) {
    current.value = name;
    if (window.location.hash !== `#/${name}`) window.location.hash = `#/${name}`;
  }
  return { current, go };
}
