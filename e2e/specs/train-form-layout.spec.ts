/**
 * Every choice of the Train form reads whole: at the desktop window's size when it opens and at the
 * smallest it can be made, each select is as wide as its widest option needs, in the language the app
 * shows (the Chinese dataset and scaling choices were cut off).
 */
import { expect, test, type Page } from '../fixtures.js';
import { WINDOW_MIN_SIZE, WINDOW_SIZE } from '../../main/electron/window-size.js';

/**
 * Each select in the Train view narrower than its options need: Chromium sizes a select left to itself
 * (width auto) to its widest option and its arrow, so a copy laid out that way beside it gives the
 * width every option needs.
 */
async function cutOffSelects(page: Page): Promise<string[]> {
  return page.getByTestId('view-train').evaluate((view) => {
    const cut: string[] = [];
    for (const select of view.querySelectorAll('select')) {
      if (select.offsetParent === null) continue;
      const probe = select.cloneNode(true) as typeof select;
      probe.style.cssText = 'position: absolute; visibility: hidden; width: auto; min-width: 0; max-width: none;';
      select.after(probe);
      const needs = probe.getBoundingClientRect().width;
      probe.remove();
      const has = select.getBoundingClientRect().width;
      if (has + 0.5 < needs) {
        const widest = [...select.options].map((o) => o.text).sort((a, b) => b.length - a.length)[0];
        cut.push(`${select.dataset.testid ?? select.getAttribute('aria-label') ?? '?'} (e.g. "${widest}"): needs ${Math.ceil(needs)} px, has ${Math.floor(has)}`);
      }
    }
    return cut;
  });
}

for (const [what, size] of [['when the window opens', WINDOW_SIZE], ['at the smallest window', WINDOW_MIN_SIZE]] as const) {
  test(`every option of the Train form reads whole ${what} (${size.width}×${size.height})`, async ({ page }) => {
    await page.setViewportSize(size);
    await page.getByTestId('nav-train').click();
    await expect(page.locator('[data-testid=preset-select] option[value="seed-mlp"]')).toHaveCount(1);
    await expect(page.locator('[data-testid=dataset] option[value=mnist]')).toHaveCount(1);
    // The form's selects are all there (data, scaling, layers, optimizer …), not only the first few.
    expect(await page.getByTestId('view-train').locator('select').count()).toBeGreaterThan(8);
    expect(await cutOffSelects(page)).toEqual([]);
  });
}
