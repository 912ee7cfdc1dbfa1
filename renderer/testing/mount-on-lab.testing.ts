/**
 * Test support: mounts a view on the real engine in memory (lab-in-memory.testing.ts; a fresh one
 * unless the test seeded its own) and a fresh Pinia, and waits for its first requests to be answered,
 * as the app does on start.
 */
import { mount, type VueWrapper } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { provideLab } from '../api';
import type { Locale } from '../i18n/index.js';
import { mountInLocale } from './i18n.testing';
import { createLabInMemory, type LabInMemory } from './lab-in-memory.testing';

export interface MountOnLabOptions {
  attachTo?: HTMLElement;
  /** A lab the test prepared (seeded runs, models); a fresh one otherwise. */
  lab?: LabInMemory;
  /** The language shown (mountInLocale); English, the setup's, otherwise. */
  locale?: Locale;
}

export async function mountOnLab(component: Component, options: MountOnLabOptions = {}): Promise<{ wrapper: VueWrapper; lab: LabInMemory }> {
  const lab = options.lab ?? await createLabInMemory();
  provideLab(lab.api);
  const pinia = createPinia();
  setActivePinia(pinia);
  if (options.locale) mountInLocale(options.locale);
  const wrapper = mount(component, { global: { plugins: [pinia] }, ...(options.attachTo ? { attachTo: options.attachTo } : {}) });
  await lab.settle();
  return { wrapper, lab };
}
