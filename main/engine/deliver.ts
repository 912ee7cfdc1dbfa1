/**
 * Sending an answer must never end the engine: a result that cannot be serialised (too deep, a cycle,
 * a BigInt) would otherwise throw inside a promise chain, an unhandled rejection that exits the
 * process on every call while the offending file stays in the library. The caller gets an error
 * response for its id instead, and the reason goes to stderr.
 */
import { errorResponse, type Response } from '../../contract/index.js';

export function deliverResponse(response: Response, post: (message: Response) => void): void {
  try {
    post(response);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    console.error(`engine: the answer to request ${String(response.id).slice(0, 40)} could not be sent (${reason})`);
    post(errorResponse(response.id, new Error(`the engine could not send its answer (${reason})`)));
  }
}

/** Runs one request to its answer; a failure anywhere in the chain is logged, never left unhandled. */
export function answer(work: Promise<Response | undefined>, post: (message: Response) => void): void {
  work.then((response) => response && deliverResponse(response, post)).catch((error: unknown) => {
    console.error(`engine: a request failed outside the service (${error instanceof Error ? error.message : String(error)})`);
  });
}
