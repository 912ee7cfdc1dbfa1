/** Every view opens from the navigation and shows its content. */
import { expect, test } from '../fixtures.js';

/** Each view and something in it that is there from the start, read from the engine. */
const views = [
  ['draw', '[data-testid=model-select] option[value="bundled:seed-mlp"]'],
  ['train', '[data-testid=preset-select] option[value="seed-mlp"]'],
  ['runs', '[data-testid=view-runs]'],
  ['models', '[data-testid=model-row][data-model-id="bundled:seed-mlp"]'],
  ['settings', '[data-testid=providers] [data-provider=reference][data-available=true]'],
] as const;

test('each view opens from the navigation and shows what the engine has', async ({ page }) => {
  for (const [view, content] of views) {
    await page.getByTestId(`nav-${view}`).click();
    await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
    await expect(page.locator(content)).toHaveCount(1);
  }
});
