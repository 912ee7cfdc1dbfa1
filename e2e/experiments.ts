/**
 * Steps on the Experiments view shared by its spec and its screenshots: open an experiment, set a
 * parameter, run it and wait for the engine's outcome, and read what the page shows (tables' cells by
 * their data-value, a figure's series summary, the result's values).
 */
import { expect, type Page } from '@playwright/test';

export async function open(page: Page, id: string): Promise<void> {
  await page.getByTestId('nav-experiments').click();
  const back = page.getByTestId('experiments-back');
  if (await back.isVisible()) await back.click();
  await page.getByTestId(`open-${id}`).click();
  await expect(page.getByTestId(`experiment-${id}`)).toBeVisible();
}

export async function setParam(page: Page, name: string, value: string | number): Promise<void> {
  const control = page.getByTestId(`param-${name}`);
  const select = control.locator('select');
  if (await select.count()) await select.selectOption(String(value));
  else {
    await control.locator('input[type=number]').fill(String(value));
    await control.locator('input[type=number]').dispatchEvent('change');
  }
}

/** Runs with the settings on the page and waits for the engine's outcome. */
export async function run(page: Page): Promise<void> {
  await page.getByTestId('experiment-run').click();
  await expect(page.getByTestId('experiment-stop')).toBeHidden({ timeout: 200_000 });
  await expect(page.getByTestId('experiment-error')).toHaveCount(0);
  await expect(page.getByTestId('experiment-progress')).toHaveAttribute('data-fraction', '1');
}

export const cellValues = (page: Page, table: string) => page.getByTestId(`table-${table}`).locator('tbody td').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-value')));
export const rowsOf = async (page: Page, table: string) => {
  const rows = page.getByTestId(`table-${table}`).locator('tbody tr');
  return rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.getAttribute('data-value'))));
};
export const values = async (page: Page) => JSON.parse((await page.getByTestId('experiment-results').getAttribute('data-values'))!) as Record<string, unknown>;
export const seriesOf = async (page: Page, figure: string) =>
  JSON.parse((await page.getByTestId(`figure-${figure}`).getAttribute('data-series'))!) as { name: string; count: number; last: [number, number] | null }[];

