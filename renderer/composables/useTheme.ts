/**
 * The theme as reactive state, one per page: the choice (Settings), whether the page is dark now (the
 * choice, or the system's preference as it changes), and switching (applied and remembered at once).
 * Charts read `dark` to draw with ECharts' dark theme.
 */
import { computed, ref } from 'vue';
import { applyTheme, DARK_QUERY, isDark, rememberedTheme, rememberTheme, THEME_CHOICES, type ThemeChoice } from '../theme/choice.js';

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
    },
  };
}
