/** Every view opens and shows its content; a screenshot of each goes to docs/screenshots/. */
import { type Spec } from '../context.js';

export const viewsSpec: Spec = {
  name: 'each view opens (screenshots)',
  async run({ page, screenshot }) {
    const views: Array<[string, string]> = [['runs', 'run-row'], ['models', 'model-row'], ['settings', 'providers']];
    for (const [view, content] of views) {
      await page.getByTestId(`nav-${view}`).click();
      await page.getByTestId(content).first().waitFor({ timeout: 15_000 });
      await page.waitForTimeout(300);
      await screenshot(view);
    }
  },
};
