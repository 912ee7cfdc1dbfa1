/** A 7 and a 3, each drawn at different sizes and places on the pad, are classified right by the bundled model. */
import { expect, test } from '../fixtures.js';
import { seven, three, type Placement, type Strokes } from '../digits.js';
import { clearPad, drawAndRead } from '../steps.js';

const placements: Placement[] = [
  { left: 0.3, top: 0.15, height: 0.7 },
  { left: 0.05, top: 0.05, height: 0.4 },
  { left: 0.55, top: 0.45, height: 0.5 },
];

const digits: Array<[string, Strokes]> = [['7', seven], ['3', three]];

test('drawing a 7 and a 3 at different sizes and positions shows the right digit', async ({ page }) => {
  await page.getByTestId('nav-draw').click();
  const select = page.getByTestId('model-select');
  await expect(select.locator('option[value="bundled:seed-mlp"]')).toHaveCount(1);
  await select.selectOption('bundled:seed-mlp');
  for (const [digit, strokes] of digits) {
    for (const placement of placements) {
      // The prediction follows the strokes live; the answer for the finished drawing is the one that counts.
      expect.soft(await drawAndRead(page, strokes, placement), `${digit} drawn at ${JSON.stringify(placement)}`).toBe(digit);
      await clearPad(page);
    }
  }
});
