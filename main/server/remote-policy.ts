/**
 * What a browser may not ask of the engine through the server: writing an export to a path would let
 * anyone holding the token overwrite any file the server's user can write. Over the network an export
 * comes back as bytes for the browser to download instead.
 */
import { parseRequest } from '../../contract/index.js';

/** The reason a raw request is refused, or undefined when it may go to the engine. */
export function remoteRefusal(raw: unknown): string | undefined {
  let request;
  try {
    request = parseRequest(raw);
  } catch {
    return undefined; // The engine host answers malformed requests with the contract's own error.
  }
  if (request.method === 'models.export' && (request.params as { path?: string }).path !== undefined) {
    return 'models.export: writing to a path on the server is not allowed over the network; omit path to get the bytes';
  }
  return undefined;
}
