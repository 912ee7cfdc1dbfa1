/**
 * What every spec gets: the page showing the app, the project it runs in, and ways to reach the engine
 * from outside the page (its status, killing its process) and to save screenshots. Also the few
 * waiting assertions the specs use (playwright-core ships no `expect`).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { EngineStatus } from '../contract/index.js';
import { repositoryRoot, type ServeProcess } from './serve.js';

export type ProjectName = 'browser' | 'electron';

export interface SpecContext {
  project: ProjectName;
  page: Page;
  /** The headless server (browser project only). */
  serve?: ServeProcess;
  engineStatus(): Promise<EngineStatus>;
  /** SIGKILLs the engine's process, as a crash would. */
  killEngine(): Promise<number>;
  screenshot(name: string): Promise<void>;
  /** Where downloads are saved for the spec to read. */
  downloadsDir: string;
}

export interface Spec {
  name: string;
  /** Projects this spec applies to (both unless told). */
  projects?: ProjectName[];
  run(context: SpecContext): Promise<void>;
}

export const screenshotsDir = join(repositoryRoot, 'docs', 'screenshots');

export function screenshotPath(project: ProjectName, name: string): string {
  mkdirSync(screenshotsDir, { recursive: true });
  return join(screenshotsDir, project === 'browser' ? `${name}.png` : `electron-${name}.png`);
}

export class AssertionError extends Error {}

/** Polls until `read()` satisfies `accept`, else fails with what was last seen. */
export async function eventually<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await read();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const seen = lastError && last === undefined ? `error ${(lastError as Error).message}` : JSON.stringify(last);
  throw new AssertionError(`${what}: not within ${timeoutMs} ms (last seen: ${seen})`);
}

export function textOf(locator: Locator): Promise<string> {
  return locator.innerText({ timeout: 2000 }).then((text) => text.trim());
}

export async function expectText(locator: Locator, expected: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const matches = (text: string) => (typeof expected === 'string' ? text === expected : expected.test(text));
  return eventually(`text of ${locator} to be ${String(expected)}`, () => textOf(locator), matches, timeoutMs);
}

export async function numberAttribute(locator: Locator, name: string): Promise<number> {
  return Number(await locator.getAttribute(name, { timeout: 2000 }));
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/**
 * Starts seed-mlp from the Train view for `epochs` epochs on the first `trainSubset` training images
 * (blank: all of them).
 */
export async function startSeedMlpRun(page: Page, epochs: number, trainSubset?: number): Promise<void> {
  await page.getByTestId('nav-train').click();
  await page.getByTestId('preset-select').selectOption('seed-mlp');
  await page.getByTestId('epochs').fill(String(epochs));
  await page.getByTestId('epochs').dispatchEvent('change');
  await page.getByTestId('train-subset').fill(trainSubset === undefined ? '' : String(trainSubset));
  await page.getByTestId('train-subset').dispatchEvent('change');
  await page.getByTestId('start').click();
}
