/**
 * What Settings says about the kernel providers beyond detection's own words: why CUDA is not in use,
 * and the refusal of a provider that is not there. Both travel as message data (core/messages.ts), so
 * the app words them in its language; the English is kept for logs and the CLI.
 */
import { formatMessage, messageData } from '@backprop-lab/core';
import type { ProviderStatusRecord, Settings } from '../../contract/index.js';

/** Why CUDA is not in use: the tfjs-node-gpu provider's own reason, or that it was not detected at all. */
export function cudaReasonOf(gpu: ProviderStatusRecord | undefined): Pick<Settings, 'cudaReason' | 'cudaReasonData'> {
  if (gpu?.reasonData) return { cudaReason: gpu.reason, cudaReasonData: gpu.reasonData };
  if (gpu?.reason) return { cudaReason: gpu.reason };
  const notDetected = messageData('provider.not-detected', { name: 'tfjs-node-gpu' });
  return { cudaReason: formatMessage(notDetected.code, notDetected.params), cudaReasonData: notDetected };
}

/** A provider chosen by name that this machine does not have: the choice would quietly run on another one. */
export class ProviderUnavailableError extends Error {
  readonly code = 'provider.unavailable';
  readonly params: { name: string };

  constructor(name: string, reason: string | undefined) {
    super(`${formatMessage('provider.unavailable', { name })}: ${reason ?? 'it was not detected'}`);
    this.name = 'ProviderUnavailableError';
    this.params = { name };
  }
}
