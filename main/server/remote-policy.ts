/**
 * What a browser may not ask of the engine through the server, beyond what the contract forbids. Today
 * nothing: the one such request, an export written to a path on the server, is no longer part of the
 * contract (`models.export` returns the bytes, `models.import` takes an upload), so no client can name a
 * path at all. The hook stays so a later rule of this kind has one place.
 */

/** The reason a raw request is refused, or undefined when it may go to the engine. */
export function remoteRefusal(_raw: unknown): string | undefined {
  return undefined;
}
