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
