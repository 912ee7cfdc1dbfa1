/**
 * The theme as reactive state, one per page: the choice (Settings), whether the page is dark now (the
 * choice, or the system's preference as it changes), and switching (applied and remembered at once).
 * Charts read `dark` to draw with ECharts' dark theme; the window's native parts follow through `tellWindow`.
 */
import { computed, ref } from 'vue';
import { applyTheme, DARK_QUERY, isDark, rememberedTheme, rememberTheme, THEME_CHOICES, type ThemeChoice } from '../theme/choice.js';
import { useLab } from '../api';

const choice = ref<ThemeChoice>(rememberedTheme());
const systemDark = ref(false);
let watching = false;

function watchSystem(): void {
  if (watching || typeof window.matchMedia !== 'function') return;
  watching = true;
  const query = window.matchMedia(DARK_QUERY);
  systemDark.value = query.matches;
  query.addEventListener?.('change', (event) => (systemDark.value = event.matches));
}

/**
 * Tells the window the choice, so the desktop app's menus, dialogs and scrollbars follow it
 * (window.setTheme). A host that cannot (a browser, an engine that is down) changes nothing the page
 * needs: its colours follow the choice already, so a refusal is only logged.
 */
export function tellWindow(next: ThemeChoice): void {
  useLab().window.setTheme(next).catch((failure: unknown) => console.warn('lab: the window did not take the theme:', failure));
}

export function useTheme() {
  watchSystem();
  return {
    choices: THEME_CHOICES,
    choice: computed(() => choice.value),
    dark: computed(() => isDark(choice.value, systemDark.value)),
    switchTo(next: ThemeChoice) {
      choice.value = next;
      applyTheme(next);
      rememberTheme(next);
      tellWindow(next);
    },
  };
}
