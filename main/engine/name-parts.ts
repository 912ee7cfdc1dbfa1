/**
 * The parts of an engine-made name (core/run-name.ts) as a record sends them: only parts that read as
 * parts (contract/engine-name.ts) and word the very name stored beside them, since run.json and a model
 * file can be edited by hand; otherwise none, and the app shows the stored name as it is.
 */
import { englishName } from '@backprop-lab/core';
import type { EngineNameParts } from '@backprop-lab/core';
import { engineNameParts } from '../../contract/index.js';

export function namePartsOf(name: string, stored: unknown): { nameParts?: EngineNameParts } {
  if (stored === undefined) return {};
  const parts = engineNameParts.safeParse(stored);
  return parts.success && englishName(parts.data) === name ? { nameParts: parts.data } : {};
}
