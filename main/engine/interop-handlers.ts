/**
 * The engine's answers to `models.export` and `models.import` (contract/interop.ts): bytes out as
 * base64 for the client to save, bytes in from an upload. Neither touches a path a client names.
 */
import type { MethodParams, MethodResult } from '../../contract/index.js';
import type { EngineBackend } from './ports.js';

export function interopHandlers(backend: EngineBackend) {
  return {
    'models.export': async ({ id, format }: MethodParams<'models.export'>): Promise<MethodResult<'models.export'>> => {
      const { fileName, bytes } = await backend.models.export(id, format);
      return { fileName, base64: Buffer.from(bytes).toString('base64'), byteLength: bytes.byteLength };
    },
    'models.import': async ({ fileName, base64 }: MethodParams<'models.import'>): Promise<MethodResult<'models.import'>> =>
      backend.models.import(fileName, new Uint8Array(Buffer.from(base64, 'base64')), backend.version),
  };
}
