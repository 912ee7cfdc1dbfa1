/**
 * A first run in Chromium: the welcome guide with its three actions, each leading to its view; dismissed,
 * it stays away after a reload and Settings brings it back. The keyboard reaches the navigation and
 * every view (visible focus, Escape), and the page follows the system's light or dark preference unless
 * Settings overrides it, remembered across reloads.
 */
import { expect, test, type Page } from '../fixtures.js';

test.use({ firstRun: true });

/** The computed style Chromium gives an element (the e2e code is typed for Node, without the DOM's names). */
type StyleOf = { getComputedStyle(element: unknown): { backgroundColor: string; outlineStyle: string; outlineWidth: string }; document: { documentElement: unknown } };
/** The page's background colour, as Chromium computed it (styles.css: --bg on <html>). */
const background = (page: Page) => page.evaluate(() => {
  const window = globalThis as unknown as StyleOf;
  return window.getComputedStyle(window.document.documentElement).backgroundColor;
});
/** styles.css's --bg in each theme (light-dark(#f4f6fa, #12161d)), as Chromium writes colours. */
const LIGHT_BG = 'rgb(244, 246, 250)';
const DARK_BG = 'rgb(18, 22, 29)';

test('the welcome guide shows three actions that lead to their views, and stays dismissed', async ({ page, t }) => {
  const welcome = page.getByTestId('welcome');
  await expect(welcome).toBeVisible();
  await expect(welcome.getByRole('heading', { name: t('app.welcome.title') })).toBeVisible();
  for (const [action, view] of [['experiments', 'experiments'], ['train', 'train'], ['draw', 'draw']] as const) {
    await welcome.getByRole('button', { name: new RegExp(t(`app.welcome.${action}.title`)) }).click();
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
    await expect(page.getByTestId(`nav-${view}`)).toHaveAttribute('aria-current', 'page');
  }
  // The draw action leads to a pad with the bundled model ready.
  await expect(page.locator('[data-testid=model-select] option[value="bundled:seed-mlp"]')).toHaveCount(1);

  await page.getByTestId('welcome-dismiss').click();
  await expect(welcome).toBeHidden();
  await page.reload();
  await expect(page.getByTestId('view-draw')).toBeVisible();
  await expect(welcome).toBeHidden();

  await page.getByTestId('nav-settings').click();
  await page.getByRole('button', { name: t('settings.appearance.showWelcome') }).click();
  await expect(welcome).toBeVisible();
  // Escape inside the guide closes it, like its close button.
  await page.getByTestId('welcome-close').focus();
  await page.keyboard.press('Escape');
  await expect(welcome).toBeHidden();
});

test('the keyboard reaches the skip link, the navigation and the view, with a visible focus ring', async ({ page }) => {
  await expect(page.getByTestId('welcome')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await expect(page.getByTestId('skip-link')).toBeInViewport();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('nav-draw')).toBeFocused();
  // The focus ring is drawn (outline 2px), not left to the browser's default or removed.
  const outline = await page.getByTestId('nav-draw').evaluate((element) => {
    const style = (globalThis as unknown as StyleOf).getComputedStyle(element);
    return `${style.outlineStyle} ${style.outlineWidth}`;
  });
  expect(outline).toBe('solid 2px');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('view-train')).toBeVisible();
  // The skip link moves focus into the view.
  await page.getByTestId('skip-link').focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#content')).toBeFocused();
});

test('every control in every view has an accessible name (Chromium\'s)', async ({ page }) => {
  for (const view of ['draw', 'train', 'runs', 'models', 'experiments', 'settings']) {
    await page.getByTestId(`nav-${view}`).click();
    await expect(page.getByTestId(`view-${view}`)).toBeVisible();
    const controls = page.locator('button:visible, input:visible, select:visible, textarea:visible, [role=button]:visible');
    const count = await controls.count();
    expect(count, view).toBeGreaterThan(0);
    for (let index = 0; index < count; index++) await expect(controls.nth(index), `${view} control ${index}`).toHaveAccessibleName(/\S/);
  }
});

test.describe('system dark', () => {
  test.use({ colorScheme: 'dark' });

  test('the page is dark when the system is, and the Settings choice wins and is remembered', async ({ page }) => {
    await expect.poll(() => background(page)).toBe(DARK_BG);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('theme-select').selectOption('light');
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    await page.reload();
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    await page.getByTestId('theme-select').selectOption('system');
    await expect.poll(() => background(page)).toBe(DARK_BG);
  });
});

test.describe('system light', () => {
  test.use({ colorScheme: 'light' });

  test('the page is light when the system is, and dark when Settings says so', async ({ page }) => {
    await expect.poll(() => background(page)).toBe(LIGHT_BG);
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('theme-select').selectOption('dark');
    await expect.poll(() => background(page)).toBe(DARK_BG);
  });
});
