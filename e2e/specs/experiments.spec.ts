/**
 * The course's experiments in the app: each one opened from the Experiments view, run in the engine
 * with small settings, and its result read from the page (tables' cells, the figures' data, the values
 * the page carries), checked against what the textbook states. Runs in English and Chinese.
 */
import { expect, requestOverWebSocket, test } from '../fixtures.js';
import { cellValues, fineTune, keepMnistDigits, open, rowsOf, run, seriesOf, setParam, values } from '../experiments.js';

test.describe('experiments', () => {
  test('§10.10 convolution by hand: figure 1.1 is [[9, 8], [−12, 10]], stepped cell by cell; padding 1 gives 4×4', async ({ page, t }) => {
    await open(page, 'convolution');
    await expect.poll(() => cellValues(page, 'output')).toEqual(['9', '8', '-12', '10']);
    await expect(page.getByTestId('conv-output').locator('td')).toHaveText(['9', '', '', '']);
    await page.getByTestId('conv-step').click();
    await expect(page.getByTestId('conv-output').locator('td')).toHaveText(['9', '8', '', '']);
    await expect(page.getByTestId('conv-size')).toContainText(`${t('experiments.convolution.outputSize')} ⌊(4 + 2·0 − 3)/1⌋ + 1 = 2`);
    expect(await cellValues(page, 'pooled')).toEqual(['2', '3', '4', '5']);
    await setParam(page, 'padding', 1);
    await run(page);
    expect(await cellValues(page, 'output')).toHaveLength(16);
  });

  test('§10.4 optimizer race: SGD at η = 0.95 ends at (−7·0.81²⁰, 2·0.9²⁰); a slower rate ends elsewhere', async ({ page }) => {
    await open(page, 'optimizer-race');
    await expect(page.getByTestId('figure-trajectories')).toBeVisible();
    const sgd = (await rowsOf(page, 'final')).find((row) => row[0] === 'SGD')!;
    expect(Number(sgd[1])).toBe(0.95);
    expect(Number(sgd[2])).toBeCloseTo(-7 * 0.81 ** 20, 9);
    expect(Number(sgd[3])).toBeCloseTo(2 * 0.9 ** 20, 9);
    await setParam(page, 'lrSgd', 0.5);
    await run(page);
    const slower = (await rowsOf(page, 'final')).find((row) => row[0] === 'SGD')!;
    expect(Number(slower[2])).toBeCloseTo(-7 * 0.9 ** 20, 9); // x ← (1 − 0.5/5)x
  });

  test('§10.1 XOR: the course’s weights give exactly 0, 1, 1, 0; training learns it', async ({ page }) => {
    await open(page, 'xor');
    await setParam(page, 'iterations', 2000);
    await run(page);
    expect((await rowsOf(page, 'outputs')).map((row) => Number(row[3]))).toEqual([0, 1, 1, 0]);
    expect((await values(page)).learned).toBe(true);
    expect((await seriesOf(page, 'hidden')).map((s) => s.count)).toEqual([2, 2, 2]);
  });

  test('§10.3 initialisation: zero init leaves every hidden unit identical; Xavier + tanh keeps every layer unsaturated', async ({ page }) => {
    await open(page, 'initialisation');
    await setParam(page, 'activation', 'tanh');
    await setParam(page, 'init', 'xavier-normal');
    await run(page);
    const course = await rowsOf(page, 'course');
    expect(course[1]![6]).toBe('true'); // row 2: zero init, sigmoid
    expect(course[2]![6]).toBe('false'); // row 3: random init
    const layers = await rowsOf(page, 'layers');
    expect(layers).toHaveLength(6);
    for (const layer of layers) expect(Number(layer[3])).toBeLessThan(0.05);
  });

  test('§10.5 vanishing gradients: sigmoid’s first layer gets a tiny fraction of the last one’s gradient, ReLU + He does not', async ({ page }) => {
    await open(page, 'vanishing-gradients');
    await expect(page.getByTestId('table-ratios')).toBeVisible();
    const rows = await rowsOf(page, 'ratios');
    const ratio = (label: string) => Number(rows.find((row) => row[0] === label)![3]);
    expect(ratio('sigmoid, xavier-normal')).toBeLessThan(1e-3);
    expect(ratio('relu, he-normal')).toBeGreaterThan(0.1);
  });

  test('§10.8 batch size on 200 images: ⌈N/B⌉ iterations per epoch for BGD, SGD and B = 32', async ({ page }) => {
    await open(page, 'batch-size');
    await setParam(page, 'trainImages', 200);
    await setParam(page, 'epochs', 1);
    await run(page);
    const rows = await rowsOf(page, 'iterations');
    expect(rows.map((row) => Number(row[4]))).toEqual([1, 200, Math.ceil(200 / 32)]);
    expect((await seriesOf(page, 'lossByTime')).map((s) => s.count)).toEqual([1, 1, 1]);
  });

  test('§10.8 saved as runs: each of its three networks appears in the Runs view under the experiment’s name', async ({ page, t }) => {
    await open(page, 'batch-size');
    await setParam(page, 'trainImages', 60);
    await setParam(page, 'epochs', 1);
    await page.getByTestId('experiment-save-as-runs').check();
    await run(page);
    const title = t('experiments.batch-size.title');
    const names = [`${title} · batch (BGD)`, `${title} · stochastic (SGD)`, `${title} · mini-batch`];
    await expect(page.getByTestId('experiment-saved-runs')).toHaveAttribute('data-names', JSON.stringify(names));
    await page.getByTestId('link-runs').click();
    for (const name of names) await expect(page.getByTestId('run-row').filter({ hasText: name })).toHaveAttribute('data-status', 'completed');
  });

  test('§10.9 schedules: every schedule plotted from α₀, then each trained and compared', async ({ page }) => {
    await open(page, 'schedules');
    await setParam(page, 'epochs', 2);
    await setParam(page, 'trainImages', 200);
    await setParam(page, 'testImages', 200);
    await run(page);
    const curves = await seriesOf(page, 'curves');
    expect(curves).toHaveLength(7);
    expect((await seriesOf(page, 'validationLoss')).map((s) => s.count)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(await rowsOf(page, 'compared')).toHaveLength(7);
  });

  test('§10.6 gradient check: a planted missing 1/m is caught in exactly that tensor', async ({ page, t }) => {
    await open(page, 'gradient-check');
    await expect(page.getByTestId('table-tensors')).toBeVisible();
    expect((await values(page)).wrongTensors).toBe('');
    await setParam(page, 'bug', 'missing-mean');
    await setParam(page, 'bugLayer', 1);
    await run(page);
    expect((await values(page)).wrongTensors).toBe('layers.1.weight');
    await expect(page.getByTestId('table-tensors').locator('tbody tr').filter({ hasText: 'layers.1.weight' })).toContainText(t('experiments.gradient-check.wrong'));
  });

  test('§10.6 gradient check of your own network: a library model’s layers, edited, pass; a bug planted in one layer is caught there', async ({ page }) => {
    await open(page, 'gradient-check');
    await setParam(page, 'network', 'custom');
    await page.getByTestId('model-take-from').selectOption('bundled:seed-mlp');
    const rows = page.getByTestId('layer-row');
    await expect(rows).toHaveCount(3);
    await rows.nth(1).locator('[data-field=units] input').fill('8');
    await rows.nth(1).locator('[data-field=units] input').dispatchEvent('change');
    await setParam(page, 'entries', 10);
    await run(page);
    expect((await values(page)).wrongTensors).toBe('');
    const weights = (await rowsOf(page, 'tensors')).filter((row) => row[0]!.endsWith('.weight'));
    expect(weights.map((row) => row[1])).toEqual(['[784, 64]', '[64, 8]', '[8, 10]']);
    await setParam(page, 'bug', 'missing-mean');
    await setParam(page, 'bugLayer', 2);
    await run(page);
    expect((await values(page)).wrongTensors).toBe('layers.2.weight');
  });

  test('§10.11 loss functions: three losses trained on the same images, each against the margin', async ({ page }) => {
    await open(page, 'loss-functions');
    await setParam(page, 'trainImages', 300);
    await setParam(page, 'testImages', 200);
    await setParam(page, 'epochs', 1);
    await run(page);
    const rows = await rowsOf(page, 'compared');
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Number(row[2])).toBeGreaterThan(0.1); // better than chance
    const margin = await seriesOf(page, 'margin');
    // At m = 4: cross-entropy log(1 + e⁻⁴), hinge 0.
    expect(margin[0]!.last![1]).toBeCloseTo(Math.log(1 + Math.exp(-4)), 9);
    expect(margin[2]!.last![1]).toBe(0);
  });

  test('§10.2 the seed network: formulas (1)–(17) by hand equal the engine’s pass, then it trains', async ({ page }) => {
    await open(page, 'seed-network');
    await setParam(page, 'trainImages', 500);
    await setParam(page, 'testImages', 200);
    await setParam(page, 'epochs', 1);
    await run(page);
    expect(await rowsOf(page, 'layers')).toHaveLength(15);
    const result = await values(page);
    expect(Number(result.maxDifference)).toBeLessThan(1e-12);
    expect(Number(result.testAccuracy)).toBeGreaterThan(0.1);
  });

  test('§10.7 over-fitting: every cure and a bagged ensemble in one table, beside the course’s numbers', async ({ page }) => {
    await open(page, 'overfitting');
    await setParam(page, 'trainImages', 200);
    await setParam(page, 'testImages', 200);
    await setParam(page, 'epochs', 3);
    await setParam(page, 'baggingNetworks', 2);
    await run(page);
    const rows = await rowsOf(page, 'cures');
    expect(rows).toHaveLength(7);
    expect(rows.map((row) => row[5])).toEqual(['0.8423', '', '', '', '0.9016', '0.8751', '']);
    // Each network's validation figures and test accuracy are numbers the page carries (the ensemble has no validation loss).
    for (const row of rows.slice(0, 5)) for (const k of [2, 3, 4]) expect(Number.isFinite(Number(row[k]))).toBe(true);
    // Each network ends with its last epoch's weights: 3 epochs are fewer than early stopping's patience of 5.
    expect(rows.map((row) => row[6])).toEqual(['3', '3', '3', '3', '3', '', '']);
    expect((await seriesOf(page, 'validationLoss')).length).toBe(5);
  });

  test('§10.12 handwriting habits after a reload: the newest fine-tune’s figures come from the engine, and an earlier one can be picked', async ({ page, server, target, uiLocale }) => {
    test.skip(target !== 'browser', 'keeps digits and fine-tunes through the headless server’s WebSocket');
    test.setTimeout(300_000);
    const kept = await keepMnistDigits(server, [2, 7]);
    const runs: string[] = [];
    try {
      const older = await fineTune(server, 1);
      runs.push(older.runId);
      const newer = await fineTune(server, 2);
      runs.push(newer.runId);
      await page.reload();
      await open(page, 'handwriting');
      const shown = page.getByTestId('habits-finetune');
      await expect(shown).toHaveAttribute('data-run-id', newer.runId);
      const percent = new Intl.NumberFormat(uiLocale, { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2 });
      const cells = (row: string) => page.getByTestId('habits-panel').getByTestId(`finetune-${row}`).locator('td');
      const perClass = (values: (number | null)[]) => values.map((v) => (v === null ? '—' : percent.format(v)));
      await expect(cells('personal-after')).toHaveText([...perClass(newer.after.personal.perClass), percent.format(newer.after.personal.accuracy)]);
      await page.getByTestId('habits-pick').selectOption(older.runId);
      await expect(shown).toHaveAttribute('data-run-id', older.runId);
      await expect(cells('personal-before')).toHaveText([...perClass(older.before.personal.perClass), percent.format(older.before.personal.accuracy)]);
    } finally {
      for (const id of runs) await requestOverWebSocket(server, 'runs.delete', { id });
      for (const id of kept) await requestOverWebSocket(server, 'handwriting.delete', { id });
    }
  });

  test('§10.12 handwriting habits: accuracy per digit, 2, 4, 6, 7 marked, and the way to the Draw view', async ({ page }) => {
    await open(page, 'handwriting');
    await setParam(page, 'trainImages', 500);
    await setParam(page, 'epochs', 1);
    await run(page);
    const rows = await rowsOf(page, 'perClass');
    expect(rows.map((row) => row[0])).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(rows.filter((row) => row[2] !== '').map((row) => row[0])).toEqual(['2', '4', '6', '7']);
    await page.getByTestId('link-draw').click();
    await expect(page.getByTestId('view-draw')).toBeVisible();
  });
});
