/**
 * The provider the settings report as active for `auto`: the first available one in the detection order
 * (`providerNames`). The engine's settings and the renderer tests' in-memory engine both take it from here.
 */
import { providerNames, type ProviderName } from '@backprop-lab/core';

export function providerAutoMeans(providers: ReadonlyArray<{ name: string; available: boolean }>): ProviderName | undefined {
  return providerNames.find((name) => providers.some((p) => p.name === name && p.available));
}
