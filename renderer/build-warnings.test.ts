import { describe, expect, it } from 'vitest';
import { onBuildWarning } from './build-warnings';

describe('build warnings (defect 13: npm start printed two Rollup warnings)', () => {
  it("drops Rollup's unreadable-annotation warning for zod's files and passes every other warning on", () => {
    const passed: unknown[] = [];
    const zod = { code: 'INVALID_ANNOTATION', id: '/work/app/node_modules/zod/v4/core/regexes.js' };
    const ours = { code: 'INVALID_ANNOTATION', id: '/work/app/renderer/main.ts' };
    const circular = { code: 'CIRCULAR_DEPENDENCY', id: '/work/app/node_modules/zod/v4/core/util.js' };
    for (const warning of [zod, ours, circular]) onBuildWarning(warning, (w) => passed.push(w));
    expect(passed).toEqual([ours, circular]);
  });
});
