/**
 * The kernel providers a user may pick (Train form, Settings): `auto`, then each provider in core's
 * order with whether the engine found it usable and, if not, why. An unavailable provider is shown but
 * cannot be chosen; a provider the engine did not report is treated as unavailable.
 */
import { providerNames, type ProviderName } from '@backprop-lab/core';
import type { ProviderStatusRecord } from '../../contract/index.js';

export interface ProviderChoice {
  name: 'auto' | ProviderName;
  available: boolean;
  reason?: string;
}

export function providerOptions(detected: readonly ProviderStatusRecord[] | undefined): ProviderChoice[] {
  return [
    { name: 'auto', available: true },
    ...providerNames.map((name) => {
      const found = detected?.find((p) => p.name === name);
      return { name, available: found?.available ?? false, reason: found?.available ? undefined : found?.reason };
    }),
  ];
}
