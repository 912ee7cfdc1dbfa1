// @vitest-environment happy-dom
/** The hash names the view and what is open in it: `#/runs/<id>` opens a run, back returns to the list. */
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { mount, type VueWrapper } from '@vue/test-utils';
import { useHashDetail, useHashRoute } from './useHashRoute';

let wrapper: VueWrapper | null = null;
afterEach(() => {
  wrapper?.unmount();
  window.location.hash = '';
});

function mountRoute() {
  let route!: ReturnType<typeof useHashRoute<'draw' | 'runs' | 'experiments'>>;
  let run!: ReturnType<typeof useHashDetail>;
  wrapper = mount(defineComponent({
    setup() {
      route = useHashRoute(['draw', 'runs', 'experiments'] as const);
      run = useHashDetail('runs');
      return () => h('p', `${route.current.value}:${run.value ?? '-'}`);
    },
  }));
  return { route: () => route, run: () => run, text: () => wrapper!.text() };
}

const changeHash = async (hash: string) => {
  window.location.hash = hash;
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  await nextTick();
};

describe('useHashRoute and useHashDetail', () => {
  it('read the view and the thing open in it from the hash', async () => {
    window.location.hash = '#/runs/20261201-130000-ab12cd';
    const { text } = mountRoute();
    expect(text()).toBe('runs:20261201-130000-ab12cd');
    await changeHash('#/experiments/loss-functions');
    // Another view's detail is not this one's.
    expect(text()).toBe('experiments:-');
    await changeHash('#/runs');
    expect(text()).toBe('runs:-');
    await changeHash('#/nowhere/x');
    expect(text()).toBe('draw:-');
  });

  it('writes what is opened into the hash, and null back to the view', async () => {
    window.location.hash = '#/runs';
    const { run, text } = mountRoute();
    run().value = 'run 1/a';
    await nextTick();
    expect(window.location.hash).toBe('#/runs/run%201%2Fa');
    expect(text()).toBe('runs:run 1/a');
    run().value = null;
    await nextTick();
    expect(window.location.hash).toBe('#/runs');
  });
});
