/**
 * Test support: mounts a view on a fresh fake engine (renderer/api/fake.ts) and a fresh Pinia, and waits
 * for its first requests to settle, as the app does on start.
 */
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createFakeLab, type FakeLab } from '../api/fake';
import { provideLab } from '../api';

export async function mountOnFakeLab(component: Component, options: { attachTo?: HTMLElement } = {}): Promise<{ wrapper: VueWrapper; lab: FakeLab }> {
  const lab = createFakeLab();
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  const wrapper = mount(component, { global: { plugins: [pinia] }, ...options });
  await flushPromises();
  return { wrapper, lab };
}
