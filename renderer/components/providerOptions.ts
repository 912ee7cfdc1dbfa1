/**
 * The kernel providers a user may pick (Train form, Settings): `auto`, then each provider in core's
 * order with whether the engine found it usable and, if not, why. An unavailable provider is shown but
 * cannot be chosen; a provider the engine did not report is treated as unavailable.
 */
import { providerNames, type ProviderName } from '@backprop-lab/core';
import type { ProviderStatusRecord } from '../../contract/index.js';
import { activeI18n } from '../i18n/index.js';
import { describeMessage } from '../stores/errors.js';

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
      return { name, available: found?.available ?? false, reason: found && !found.available ? providerReason(found) : undefined };
    }),
  ];
}

/** Why a provider is unavailable, in the language shown (the engine's reason as data). */
export function providerReason(status: ProviderStatusRecord): string | undefined {
  return describeMessage(status.reasonData, status.reason);
}

/** What an available provider is, in the language shown: each part of the engine's detail, joined. */
export function providerDetail(status: ProviderStatusRecord): string | undefined {
  if (!status.detailData) return status.detail;
  const { t } = activeI18n();
  return status.detailData.map((part) => describeMessage(part) ?? '').join(t('settings.provider.partSeparator'));
}
