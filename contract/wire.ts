/**
 * The wire format, the same on the WebSocket, the MessagePort and the engine child process:
 *   client → engine  { id, method, params }
 *   engine → client  { id, result } | { id, error: { message, code? } }
 *   engine → client  { id: null, error: { message, code } }   (a message so malformed its id cannot be read)
 *   engine → client  { event, payload }            (pushed, no id)
 * parse* functions validate a message at the receiving end and throw ContractError on anything else.
 */
import { z } from 'zod';
import { jsonNestingDepth, readLimits } from '@backprop-lab/core';
import { events, isEventName, type EventName, type EventPayload } from './events.js';
import { isMethodName, methods, type MethodName, type MethodParams, type MethodResult } from './methods.js';

/** A message that does not follow the contract; `code` travels in the error response. */
export class ContractError extends Error {
  constructor(message: string, readonly code: 'bad-message' | 'unknown-method' | 'bad-params' | 'bad-result' | 'unknown-event' | 'bad-payload' = 'bad-message') {
    super(message);
    this.name = 'ContractError';
  }
}

/** Ids are echoed in every answer and in logs, so they are short: a safe integer or up to 128 characters. */
export const MAX_ID_LENGTH = 128;
const requestId = z.union([z.number().int(), z.string().min(1).max(MAX_ID_LENGTH)]);
const requestEnvelope = z.object({ id: requestId, method: z.string(), params: z.unknown().optional() }).strict();
const errorBody = z.object({ message: z.string(), code: z.string().optional() });
const responseEnvelope = z.union([
  z.object({ id: requestId, result: z.unknown() }).strict(),
  z.object({ id: requestId.nullable(), error: errorBody }).strict(),
]);
const eventEnvelope = z.object({ event: z.string(), payload: z.unknown() }).strict();

export type RequestId = z.infer<typeof requestId>;
export type Request<M extends MethodName = MethodName> = { id: RequestId; method: M; params: MethodParams<M> };
/** `id: null` answers a request whose id could not be read: no caller waits for it, but the error is seen. */
export type Response = { id: RequestId; result: unknown } | { id: RequestId | null; error: { message: string; code?: string } };
export type EventMessage<E extends EventName = EventName> = { event: E; payload: EventPayload<E> };
export type ServerMessage = Response | EventMessage;

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/** Accepts a JSON string or an already-decoded value. */
function decode(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw;
  // Measured before parsing: a 2 MB message nested 10^6 deep would otherwise stall every walk over it.
  if (jsonNestingDepth(raw, readLimits.maxJsonDepth) > readLimits.maxJsonDepth) {
    throw new ContractError(`message is nested more than ${readLimits.maxJsonDepth} levels deep (${raw.length} characters)`);
  }
  try {
    return JSON.parse(raw);
  } catch {
    throw new ContractError(`message is not valid JSON (${raw.length} characters)`);
  }
}

/** Validates a request's envelope, its method name and its params; params get their schema's defaults. */
export function parseRequest(raw: unknown): Request {
  const envelope = requestEnvelope.safeParse(decode(raw));
  if (!envelope.success) throw new ContractError(`malformed request: ${describe(envelope.error)}`);
  const { id, method } = envelope.data;
  if (!isMethodName(method)) throw new ContractError(`unknown method "${method.slice(0, 60)}${method.length > 60 ? '…' : ''}"`, 'unknown-method');
  // Only a missing params means "none"; null is a wrong value, refused by the method's schema.
  const params = methods[method].params.safeParse(envelope.data.params === undefined ? {} : envelope.data.params);
  if (!params.success) throw new ContractError(`${method}: invalid params: ${describe(params.error)}`, 'bad-params');
  return { id, method, params: params.data } as Request;
}

/** The id of a message that failed parseRequest, when it has one, so the error can be answered. */
export function requestIdOf(raw: unknown): RequestId | undefined {
  try {
    const value = decode(raw);
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    return requestId.safeParse(id).success ? (id as RequestId) : undefined;
  } catch {
    return undefined;
  }
}

/** Validates a pushed event's envelope, name and payload. */
export function parseEvent(raw: unknown): EventMessage {
  const envelope = eventEnvelope.safeParse(decode(raw));
  if (!envelope.success) throw new ContractError(`malformed event: ${describe(envelope.error)}`);
  const { event } = envelope.data;
  if (!isEventName(event)) throw new ContractError(`unknown event "${event}"`, 'unknown-event');
  const payload = events[event].safeParse(envelope.data.payload);
  if (!payload.success) throw new ContractError(`${event}: invalid payload: ${describe(payload.error)}`, 'bad-payload');
  return { event, payload: payload.data } as EventMessage;
}

/** Validates a response envelope (its result is checked by parseResult, which knows the method). */
export function parseResponse(raw: unknown): Response {
  const envelope = responseEnvelope.safeParse(decode(raw));
  if (!envelope.success) throw new ContractError(`malformed response: ${describe(envelope.error)}`);
  return envelope.data as Response;
}

/** Anything a client receives: a response (has `id`) or an event (has `event`). */
export function parseServerMessage(raw: unknown): ServerMessage {
  const value = decode(raw);
  if (typeof value === 'object' && value !== null && 'event' in value) return parseEvent(value);
  return parseResponse(value);
}

export function parseResult<M extends MethodName>(method: M, result: unknown): MethodResult<M> {
  const parsed = methods[method].result.safeParse(result);
  if (!parsed.success) throw new ContractError(`${method}: invalid result: ${describe(parsed.error)}`, 'bad-result');
  return parsed.data as MethodResult<M>;
}

export function errorResponse(id: RequestId | null, error: unknown): Response {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ContractError ? error.code : undefined;
  return code ? { id, error: { message, code } } : { id, error: { message } };
}

/** Where the headless server accepts the WebSocket, and how the token travels (query string, then sessionStorage). */
export const WS_PATH = '/api';
export const TOKEN_QUERY_PARAM = 'token';
export const TOKEN_STORAGE_KEY = 'backprop-lab.token';
/**
 * Close code for a WebSocket refused for its token. The headless server refuses such a socket already at
 * the handshake with HTTP 401, which a browser reports as close code 1006; 4401 is for hosts that accept first.
 */
export const WS_CLOSE_UNAUTHORIZED = 4401;

/**
 * The answer to a message parseRequest refused: an error under its id, or under `id: null` when the id
 * itself is missing or malformed, so that an invalid message is always rejected, never silently dropped.
 */
export function rejectionOf(raw: unknown, error: unknown): Response {
  return errorResponse(requestIdOf(raw) ?? null, error);
}
