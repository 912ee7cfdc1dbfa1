// @vitest-environment happy-dom
/**
 * The Experiments view on the real engine in memory, which runs core's own experiments as jobs: the list in the
 * course's order, figure 1.1 worked cell by cell, parameters sent to the engine and reset to the
 * course's settings, charts fed from progress, stop, and an error that names the experiment's data.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { type VueWrapper } from '@vue/test-utils';
import ExperimentsView from './ExperimentsView.vue';
import ExperimentChart from './experiments/ExperimentChart.vue';
import { mountOnLab } from '../testing/mount-on-lab.testing';
import { createLabInMemory, type LabInMemory } from '../testing/lab-in-memory.testing';
import { useMnistSubset } from '../testing/mnist-subset.testing';
import { useMnistDirectory } from '../../main/datasets/mnist.js';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  // The experiment opened lives in the hash (#/experiments/<id>); the next test starts at the list.
  window.location.hash = '';
});

async function mountView(given?: LabInMemory) {
  const lab = given ?? await createLabInMemory();
  followJobs(lab);
  const mounted = await mountOnLab(ExperimentsView, { lab });
  wrapper = mounted.wrapper;
  return { wrapper, lab: mounted.lab };
}

/** Waits until the engine's job has pushed its last event (`experiment.done` or `experiment.error`). */
async function settle(lab: LabInMemory) {
  await lab.settle();
  const [job] = lab.answersOf('experiments.run').slice(-1);
  if (!job) throw new Error('no experiment was started');
  if (ended.get(lab)?.has(job.jobId)) return;
  await new Promise<void>((resolve) => {
    const offs = [
      lab.api.on('experiment.done', (payload) => payload.jobId === job.jobId && (offs.forEach((off) => off()), resolve())),
      lab.api.on('experiment.error', (payload) => payload.jobId === job.jobId && (offs.forEach((off) => off()), resolve())),
    ];
  });
  await lab.settle();
}

/** Each lab's jobs that have ended, by id (their last event came before the test looked). */
const ended = new Map<LabInMemory, Set<string>>();
function followJobs(lab: LabInMemory) {
  const jobs = new Set<string>();
  ended.set(lab, jobs);
  lab.api.on('experiment.done', ({ jobId }) => jobs.add(jobId));
  lab.api.on('experiment.error', ({ jobId }) => jobs.add(jobId));
}

const cells = (w: VueWrapper, testid: string) => w.find(`[data-testid="${testid}"]`).findAll('td').map((td) => td.text());

describe('Experiments view', () => {
  it('lists the experiments in the course’s order, each with its §10 number', async () => {
    const { wrapper } = await mountView();
    const entries = wrapper.findAll('[data-testid^="open-"]');
    const numbers = entries.map((e) => Number(e.find('.number').text().replace('§10.', '')));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(entries.map((e) => e.attributes('data-testid'))).toContain('open-convolution');
  });

  it('opens the experiment the hash names (the Train form links to #/experiments/<id>), and back returns to the list', async () => {
    window.location.hash = '#/experiments/convolution';
    const { wrapper, lab } = await mountView();
    // Opening an experiment runs it with the course's settings.
    await settle(lab);
    expect(wrapper.find('[data-testid="experiment-list"]').exists()).toBe(false);
    expect(wrapper.find('[data-testid="table-output"]').exists()).toBe(true);
    window.location.hash = '#/experiments';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await lab.settle();
    expect(wrapper.find('[data-testid="experiment-list"]').exists()).toBe(true);
  });

  it('convolution by hand: figure 1.1 at once, the output filling in step by step with each window’s sum', async () => {
    const { wrapper, lab } = await mountView();
    await wrapper.find('[data-testid="open-convolution"]').trigger('click');
    await settle(lab);
    expect(cells(wrapper, 'table-output')).toEqual(['9', '8', '-12', '10']);
    expect(cells(wrapper, 'conv-output')).toEqual(['9', '', '', '']);
    // 1·2 + 0·(−1) + 1·0 + 0·0 + (−1)·2 + 0·0 + (−2)·(−2) + 2·0 + 1·5 = 9.
    expect(wrapper.find('[data-testid="conv-sum"]').text()).toContain('2 + 0 + 0 + 0 + -2 + 0 + 4 + 0 + 5 = 9');
    await wrapper.find('[data-testid="conv-step"]').trigger('click');
    expect(cells(wrapper, 'conv-output')).toEqual(['9', '8', '', '']);
    expect(wrapper.find('[data-testid="conv-size"]').text()).toContain('⌊(4 + 2·0 − 3)/1⌋ + 1 = 2');
    expect(cells(wrapper, 'table-pooled')).toEqual(['2', '3', '4', '5']);
    expect(wrapper.findAll('[data-testid="formula"] .katex').length).toBeGreaterThan(0);
  });

  it('sends the edited parameters and seed to the engine, and resets them to the course’s settings', async () => {
    const { wrapper, lab } = await mountView();
    await wrapper.find('[data-testid="open-convolution"]').trigger('click');
    await settle(lab);
    await wrapper.find('[data-testid="param-padding"] input[type="number"]').setValue('1');
    await wrapper.find('[data-testid="param-padding"] input[type="number"]').trigger('change');
    await wrapper.find('[data-testid="experiment-seed"]').setValue('7');
    await wrapper.find('[data-testid="experiment-seed"]').trigger('change');
    await wrapper.find('[data-testid="experiment-run"]').trigger('click');
    await settle(lab);
    expect(lab.callsOf('experiments.run').at(-1)).toMatchObject({ id: 'convolution', seed: 7, params: { padding: 1, stride: 1 } });
    // ⌊(4 + 2·1 − 3)/1⌋ + 1 = 4 outputs per axis.
    expect(cells(wrapper, 'table-output')).toHaveLength(16);
    await wrapper.find('[data-testid="experiment-reset"]').trigger('click');
    expect((wrapper.find('[data-testid="param-padding"] input[type="number"]').element as HTMLInputElement).value).toBe('0');
    expect((wrapper.find('[data-testid="experiment-seed"]').element as HTMLInputElement).value).toBe('1');
  });

  it('the race: one chart of trajectories over the contour of z, the table of where each optimizer ends', async () => {
    const { wrapper, lab } = await mountView();
    await wrapper.find('[data-testid="open-optimizer-race"]').trigger('click');
    await settle(lab);
    const charts = wrapper.findAllComponents(ExperimentChart);
    const trajectories = charts.find((c) => c.props('figure').id === 'trajectories')!;
    expect(trajectories.props('figure').series.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['SGD', 'Momentum', 'RMSProp', 'Adam']));
    expect(trajectories.props('figure').field).toBeDefined();
    const rows = wrapper.find('[data-testid="table-final"]').findAll('tbody tr');
    const sgd = rows.find((r) => r.find('td').text() === 'SGD')!;
    expect(sgd.findAll('td')[1]!.attributes('data-value')).toBe('0.95');
  });

  it('XOR: progress feeds the charts while it runs, and stop ends it early, saying so', async () => {
    const { wrapper, lab } = await mountView();
    await wrapper.find('[data-testid="open-xor"]').trigger('click');
    await settle(lab);
    await wrapper.find('[data-testid="param-iterations"] input[type="number"]').setValue('20000');
    await wrapper.find('[data-testid="param-iterations"] input[type="number"]').trigger('change');
    const progressBefore = lab.callsOf('experiments.run').length;
    await wrapper.find('[data-testid="experiment-run"]').trigger('click');
    await lab.settle();
    expect(lab.callsOf('experiments.run')).toHaveLength(progressBefore + 1);
    await wrapper.find('[data-testid="experiment-stop"]').trigger('click');
    await settle(lab);
    expect(wrapper.find('[data-testid="experiment-progress"]').text()).toContain('Stopped after');
    const values = JSON.parse(wrapper.find('[data-testid="experiment-results"]').attributes('data-values')!);
    expect(values.exactOutputs).toBe('0,1,1,0');
  });

  it('an experiment that trains, on a host without MNIST: the engine’s reason in the page', async () => {
    const lab = await createLabInMemory();
    // MNIST is looked for in a folder that holds no IDX files.
    useMnistDirectory(join(lab.dataDir, 'no-mnist'));
    try {
      const { wrapper } = await mountView(lab);
      await wrapper.find('[data-testid="open-batch-size"]').trigger('click');
      await wrapper.find('[data-testid="experiment-run"]').trigger('click');
      await settle(lab);
      expect(wrapper.find('[data-testid="experiment-error"]').text()).toContain('no-mnist');
    } finally {
      useMnistDirectory(await useMnistSubset());
    }
  });
});
