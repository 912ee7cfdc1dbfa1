/**
 * The wire format, the same on the WebSocket, the MessagePort and the engine child process:
 *   client → engine  { id, method, params }
 *   engine → client  { id, result } | { id, error: { message, code?, params?, layerIndex?, problem? } }   (errors.ts)
 *   engine → client  { id: null, error: { message, code } }   (a message so malformed its id cannot be read)
 *   engine → client  { event, payload }            (pushed, no id)
 * parse* functions validate a message at the receiving end and throw ContractError on anything else.
 */
import { z } from 'zod';
import { jsonNestingDepth, readLimits, type MessageCode } from '@backprop-lab/core';
import { fieldErrorOf } from './fields.js';
import { events, isEventName, type EventName, type EventPayload } from './events.js';
import { isMethodName, methods, type MethodName, type MethodParams, type MethodResult } from './methods.js';
import { errorBody, errorBodyOf, type ContractErrorCode, type ErrorBody, type ErrorParams, type ErrorProblem } from './errors.js';

/**
 * A message that does not follow the contract; `code`, `params` and (for a bad layer in a model spec)
 * `layerIndex` travel in the error response.
 */
export class ContractError extends Error {
  readonly params: ErrorParams;
  readonly problem?: ErrorProblem;

  constructor(
    message: string, readonly code: ContractErrorCode | MessageCode = 'bad-message', params?: ErrorParams, readonly layerIndex?: number,
    problem?: ErrorProblem,
  ) {
    super(message);
    this.name = 'ContractError';
    this.params = params ?? {};
    if (problem) this.problem = problem;
  }
}

/** Ids are echoed in every answer and in logs, so they are short: a safe integer or up to 128 characters. */
export const MAX_ID_LENGTH = 128;
const requestId = z.union([z.number().int(), z.string().min(1).max(MAX_ID_LENGTH)]);
const requestEnvelope = z.object({ id: requestId, method: z.string(), params: z.unknown().optional() }).strict();
const responseEnvelope = z.union([
  z.object({ id: requestId, result: z.unknown() }).strict(),
  z.object({ id: requestId.nullable(), error: errorBody }).strict(),
]);
const eventEnvelope = z.object({ event: z.string(), payload: z.unknown() }).strict();

export type RequestId = z.infer<typeof requestId>;
export type Request<M extends MethodName = MethodName> = { id: RequestId; method: M; params: MethodParams<M> };
/** `id: null` answers a request whose id could not be read: no caller waits for it, but the error is seen. */
export type Response = { id: RequestId; result: unknown } | { id: RequestId | null; error: ErrorBody };
export type EventMessage<E extends EventName = EventName> = { event: E; payload: EventPayload<E> };
export type ServerMessage = Response | EventMessage;

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`).join('; ');
}

/** The layer a refused model spec's first issue is in (`modelSpec.layers.3.units` → 3), if it is in one. */
function layerOfIssues(error: z.ZodError): number | undefined {
  const path = error.issues[0]?.path ?? [];
  const at = path.indexOf('layers');
  const index = at >= 0 ? path[at + 1] : undefined;
  return typeof index === 'number' ? index : undefined;
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
  if (!isMethodName(method)) {
    const shown = `${method.slice(0, 60)}${method.length > 60 ? '…' : ''}`;
    throw new ContractError(`unknown method "${shown}"`, 'unknown-method', { method: shown });
  }
  // Only a missing params means "none"; null is a wrong value, refused by the method's schema.
  const params = methods[method].params.safeParse(envelope.data.params === undefined ? {} : envelope.data.params);
  if (!params.success) {
    // A field that breaks its rule is refused in the engine's own words, as data (contract/fields.ts).
    const field = fieldErrorOf(params.error, envelope.data.params);
    if (field) throw new ContractError(field.message, field.code, field.params, field.layerIndex, { code: field.problem.code, params: field.problem.params });
    const issues = describe(params.error);
    throw new ContractError(`${method}: invalid params: ${issues}`, 'bad-params', { method, issues }, layerOfIssues(params.error));
  }
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
  if (!isEventName(event)) throw new ContractError(`unknown event "${event}"`, 'unknown-event', { event });
  const payload = events[event].safeParse(envelope.data.payload);
  if (!payload.success) {
    const issues = describe(payload.error);
    throw new ContractError(`${event}: invalid payload: ${issues}`, 'bad-payload', { event, issues });
  }
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
  if (!parsed.success) {
    const issues = describe(parsed.error);
    throw new ContractError(`${method}: invalid result: ${issues}`, 'bad-result', { method, issues });
  }
  return parsed.data as MethodResult<M>;
}

/** The error response for `error`: its message, and its code, params and layer index when it has them. */
export function errorResponse(id: RequestId | null, error: unknown): Response {
  return { id, error: errorBodyOf(error) };
}

/** Where the headless server accepts the WebSocket, and how the token travels (query string, then sessionStorage). */
export const WS_PATH = '/api';
export const TOKEN_QUERY_PARAM = 'token';
export const TOKEN_STORAGE_KEY = 'backprop-lab.token';
/** The desktop window's page gets Electron's app.getLocale() as `?systemLocale=`, for its first-run language. */
export const SYSTEM_LOCALE_QUERY_PARAM = 'systemLocale';
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
