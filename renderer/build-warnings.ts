/**
 * Rollup warnings the renderer's builds leave out. zod 4 puts explanatory comments beside its
 * `@__PURE__` annotations, where Rollup cannot read them; Rollup says so for two of its files
 * (INVALID_ANNOTATION) on every build and drops the comments, which changes nothing in the bundle.
 * Every other warning is passed on.
 */
interface BuildWarning {
  code?: string;
  id?: string;
}

export function isHarmlessWarning(warning: BuildWarning): boolean {
  return warning.code === 'INVALID_ANNOTATION' && /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? '');
}

/** Rollup's `onwarn`: drops the harmless warnings above, hands the rest to Rollup's own handler. */
export function onBuildWarning<W extends BuildWarning>(warning: W, pass: (warning: W) => void): void {
  if (!isHarmlessWarning(warning)) pass(warning);
}

/**
 * Vite's chunk-size warning, in kB, for both renderer builds (the desktop app's and the headless
 * server's): the app's one bundle (Vue, ECharts, KaTeX, the engine for the pad) is read from disk or
 * loopback, never over a network, so the warning is set above its size rather than printed on every start.
 */
export const RENDERER_CHUNK_LIMIT_KB = 2048;
