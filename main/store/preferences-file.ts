/**
 * settings.json in the data folder: what the user chose in Settings that the engine keeps (the kernel
 * provider). A file the user edited into something else is not a reason to refuse to start: what does
 * not fit the contract's choices is read as not chosen, so Settings shows the default, never a value
 * the app's client would refuse.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { providerChoice } from '../../contract/index.js';

const preferencesFile = z.object({ provider: providerChoice.optional() });

/** The engine's Preferences (main/engine/ports.ts) as the file holds them. */
export type PreferencesFile = z.infer<typeof preferencesFile>;

export async function readPreferences(path: string): Promise<PreferencesFile> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return {};
  }
  // Field by field: a wrong provider does not lose another field that is right.
  const provider = preferencesFile.shape.provider.safeParse((parsed as { provider?: unknown } | null)?.provider);
  return provider.success && provider.data !== undefined ? { provider: provider.data } : {};
}
