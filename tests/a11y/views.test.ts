// @vitest-environment happy-dom
/**
 * Every control in every view has an accessible name (a screen reader can say what each button, field
 * and menu is), and the shell can be driven from the keyboard: the skip link and every navigation entry
 * are real buttons in tab order. The app runs on the real EngineService in memory (stand-in backend
 * with core's presets), in English and in Chinese.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { presets } from '@backprop-lab/core';
import App from '../../renderer/App.vue';
import { createInMemoryLab } from '../../main/engine/in-memory-lab';
import { createStandInBackend } from '../../main/engine/stand-in-backend';
import { provideLab } from '../../renderer/api';
import { LOCALES, type Locale } from '../../renderer/i18n/index.js';
import { mountInLocale } from '../../renderer/testing/i18n.testing';
import { unnamedControls } from './accessible-name.js';

const VIEWS = ['draw', 'train', 'runs', 'models', 'experiments', 'settings'] as const;

let wrapper: VueWrapper | null = null;
/** The experiments started while held, by id, in order. */
let heldRuns: string[] = [];
afterEach(() => {
  wrapper?.unmount();
  wrapper = null;
  heldRuns = [];
  window.location.hash = '';
});

async function mountApp(locale: Locale, options: { holdExperiments?: boolean } = {}): Promise<VueWrapper> {
  const stand = createStandInBackend();
  stand.backend.presets = () => Object.values(presets).map((preset) => structuredClone(preset));
  const lab = createInMemoryLab(stand.backend);
  // Held, an experiment that is started answers as the engine does (its job) and never ends, so its page
  // shows its running state (every control, Stop) without computing twelve experiments in this process.
  if (options.holdExperiments) {
    lab.api.experiments.run = async ({ id }) => {
      heldRuns.push(id);
      return { jobId: `held-${id}`, id };
    };
  }
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  mountInLocale(locale);
  wrapper = mount(App, { global: { plugins: [pinia] }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

async function open(app: VueWrapper, view: string) {
  await app.get(`[data-testid="nav-${view}"]`).trigger('click');
  await flushPromises();
}

describe.each(LOCALES)('accessible names (%s)', (locale) => {
  it.each(VIEWS)('every control of the %s view has a name', async (view) => {
    const app = await mountApp(locale);
    await open(app, view);
    expect(app.find(`[data-testid="view-${view}"]`).exists()).toBe(true);
    // The controls counted are there: a view without any would make the check empty.
    expect(document.querySelectorAll(`[data-testid="view-${view}"] button, [data-testid="view-${view}"] input, [data-testid="view-${view}"] select`).length).toBeGreaterThan(0);
    expect(unnamedControls(document.body)).toEqual([]);
  });

  it('every control of every experiment page has a name', async () => {
    const app = await mountApp(locale, { holdExperiments: true });
    await open(app, 'experiments');
    const entries = app.findAll('[data-testid^="open-"]');
    const ids = entries.map((entry) => entry.attributes('data-testid')!.slice('open-'.length));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      await app.get(`[data-testid="open-${id}"]`).trigger('click');
      await flushPromises();
      expect(unnamedControls(document.body), id).toEqual([]);
      // One that trains waits for Run (one that does not started on opening): both states are checked.
      const run = app.find('[data-testid="experiment-run"]');
      if (run.exists()) {
        await run.trigger('click');
        await flushPromises();
      }
      expect(app.find('[data-testid="experiment-stop"]').exists(), `${id} is running`).toBe(true);
      expect(unnamedControls(document.body), `${id} running`).toEqual([]);
      await app.get('[data-testid="experiments-back"]').trigger('click');
      await flushPromises();
    }
    // Every page reached its running state through the held engine, each once.
    expect(heldRuns).toEqual(ids);
  });
});

describe('keyboard', () => {
  it('the skip link comes first and moves focus to the view; every navigation entry is a focusable button', async () => {
    const app = await mountApp('en');
    const focusable = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')]
      .filter((element) => element.tabIndex >= 0 && !(element as HTMLButtonElement).disabled);
    expect(focusable[0]!.dataset.testid).toBe('skip-link');
    // The navigation follows, in the order of the views, before anything of the view itself.
    expect(focusable.slice(1, 1 + VIEWS.length).map((element) => element.dataset.testid)).toEqual(VIEWS.map((view) => `nav-${view}`));
    await app.get('[data-testid="skip-link"]').trigger('click');
    expect(document.activeElement?.id).toBe('content');
  });
});
