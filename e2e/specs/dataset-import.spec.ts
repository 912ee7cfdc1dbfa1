/**
 * A dataset of the user's own through the Train form: a CSV made here (Kaggle layout) is uploaded,
 * the form shows its images per class as counted from the rows written, the dataset list offers it
 * with its size, and it is deleted again; a CSV with a short row is refused in the language shown.
 */
import { expect, test } from '../fixtures.js';

/** A header, then one row per label with every pixel `label · 20`. */
function csvOf(labels: number[]): Buffer {
  const header = ['label', ...Array.from({ length: 784 }, (_, i) => `pixel${i}`)].join(',');
  return Buffer.from([header, ...labels.map((label) => [label, ...new Array<number>(784).fill(label * 20)].join(','))].join('\n'));
}

test('a CSV uploaded from the Train form joins its dataset list with its size, and is deleted', async ({ page, t, uiLocale }) => {
  const name = `e2e-digits-${uiLocale}`;
  const labels = [2, 2, 5, 8, 8, 8, 0];
  await page.getByTestId('nav-train').click();
  await page.getByTestId('dataset-import').locator('summary').click();
  await page.getByTestId('import-files').setInputFiles({ name: `${name}.csv`, mimeType: 'text/csv', buffer: csvOf(labels) });
  await expect(page.getByTestId('import-name')).toHaveValue(name);
  await page.getByTestId('import-start').click();

  await expect(page.getByTestId('import-result')).toHaveAttribute('data-count', String(labels.length));
  const perClass = Array.from({ length: 10 }, (_, digit) => String(labels.filter((label) => label === digit).length));
  await expect(page.getByTestId('class-count')).toHaveText(perClass);
  await expect(page.locator(`[data-testid=dataset] option[value="user:${name}"]`)).toHaveText(t('train.data.userDataset', { name, count: String(labels.length) }));

  await page.locator(`[data-testid=imported-dataset][data-name="${name}"]`).getByRole('button', { name: t('train.data.import.delete') }).click();
  await page.locator(`[data-testid=imported-dataset][data-name="${name}"]`).getByTestId('confirm-delete').click();
  await expect(page.locator(`[data-testid=dataset] option[value="user:${name}"]`)).toHaveCount(0);
  await expect(page.locator(`[data-testid=imported-dataset][data-name="${name}"]`)).toHaveCount(0);
});

test('a CSV with a short row is refused in the language shown, and nothing joins the list', async ({ page, t, uiLocale }) => {
  const name = `e2e-broken-${uiLocale}`;
  await page.getByTestId('nav-train').click();
  await page.getByTestId('dataset-import').locator('summary').click();
  const broken = Buffer.concat([csvOf([1]), Buffer.from('\n3,0,0')]);
  await page.getByTestId('import-files').setInputFiles({ name: `${name}.csv`, mimeType: 'text/csv', buffer: broken });
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-error')).toHaveText(t('errors.csv.row-width-labelled', { file: `${name}.csv`, row: '3', fields: '3', expected: '785' }));
  await expect(page.locator(`[data-testid=dataset] option[value="user:${name}"]`)).toHaveCount(0);
});
