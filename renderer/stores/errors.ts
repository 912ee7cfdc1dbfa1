/**
 * Errors as data in the renderer. Whatever a call rejects with (a LabError from the WebSocket client, the
 * plain `{ message, code, params, layerIndex }` the preload bridge passes, any Error) is read as a
 * `Failure`, and its text is the translation of `errors.<code>` with its params, in the language shown;
 * the engine's English message is only a fallback for a code the app has no words for. No UI logic reads
 * the message text: the layer a spec error concerns is `layerIndex`.
 */
import { activeI18n } from '../i18n/index.js';

export interface Failure {
  message: string;
  code?: string;
  params: Record<string, string | number>;
  layerIndex?: number;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Anything thrown or rejected, as data. */
export function failureOf(failure: unknown): Failure {
  if (!isRecord(failure)) return { message: typeof failure === 'string' ? failure : '', params: {} };
  const { message, code, params, layerIndex } = failure;
  const cleanParams: Record<string, string | number> = {};
  if (isRecord(params)) {
    for (const [name, value] of Object.entries(params)) if (typeof value === 'string' || typeof value === 'number') cleanParams[name] = value;
  }
  return {
    message: typeof message === 'string' ? message : '',
    ...(typeof code === 'string' ? { code } : {}),
    params: cleanParams,
    ...(typeof layerIndex === 'number' && Number.isInteger(layerIndex) && layerIndex >= 0 ? { layerIndex } : {}),
  };
}

/** The text to show for a failure, in the language shown now. */
export function describeFailure(failure: Failure): string {
  const { t, te } = activeI18n();
  const key = failure.code ? `errors.${failure.code}` : undefined;
  if (key && te(key)) return t(key, { message: failure.message, ...failure.params });
  return failure.message || t('app.error.noMessage');
}

/** The text to show for anything thrown or rejected. */
export function messageOf(failure: unknown): string {
  return describeFailure(failureOf(failure));
}

/** The layer index a failure concerns (a spec error's), or null. */
export function layerIndexOf(failure: unknown): number | null {
  return failureOf(failure).layerIndex ?? null;
}
