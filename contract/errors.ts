/**
 * Errors as data on the wire: every error response (and `training.error` event) carries, beside the
 * English `message` for logs, a `code`, its `params`, for a spec error the `layerIndex` it concerns
 * and, for an error about one field, its `problem` (a field.* code and params, worded into `{problem}`). A translation may use `{message}`, the English text, as a parameter (generic codes show
 * only that). The codes are core's (`engineMessages` in core/messages.ts) and the contract's own
 * (`contractMessages` below, the codes of ContractError); the renderer translates them, never reading `message`.
 */
import { z } from 'zod';
import { hostMessages } from './host-errors.js';

export const errorParams = z.record(z.string(), z.union([z.string(), z.number()]));
export type ErrorParams = z.infer<typeof errorParams>;
/**
 * What is wrong, inside an error whose text has a `{problem}`: a code and params, and the problem inside
 * that one where its own text has a `{problem}` (an ONNX node → its layer → the layer's field, a
 * `field.*` code whose `params.field` is its key). The engine nests three levels at most; a chain is
 * worded to MAX_PROBLEM_DEPTH levels, and read to one level past it, so a longer (or cyclic) chain is
 * seen to be one, shown as the English message, and cannot make reading or wording it loop.
 */
export interface ErrorProblem {
  code: string;
  params: ErrorParams;
  problem?: ErrorProblem;
}
export const MAX_PROBLEM_DEPTH = 4;

/** The schema of a problem read to `depth` levels (a nested `problem` past them is stripped like any unknown key). */
function problemSchema(depth: number): z.ZodType<ErrorProblem> {
  const level = z.object({ code: z.string(), params: errorParams });
  return depth <= 1 ? level : level.extend({ problem: problemSchema(depth - 1).optional() });
}
export const errorProblem = problemSchema(MAX_PROBLEM_DEPTH + 1);
export const errorBody = z.object({
  message: z.string(),
  code: z.string().optional(),
  params: errorParams.optional(),
  layerIndex: z.number().int().min(0).optional(),
  problem: errorProblem.optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;
/**
 * An error as data kept beside its English text, which is stored on its own (a run record's `error`):
 * the code, its params, the layer and the problem of its ErrorBody.
 */
export const codedError = errorBody.omit({ message: true }).extend({ code: z.string() });
export type CodedError = z.infer<typeof codedError>;

/** The contract's own messages (a request the contract refuses), in English; `{name}` is a parameter. */
export const contractMessages = {
  'bad-message': '{message}',
  'unknown-method': 'unknown method "{method}"',
  'bad-params': '{method}: invalid params: {issues}',
  'bad-result': '{method}: invalid result: {issues}',
  'unknown-event': 'unknown event "{event}"',
  'bad-payload': '{event}: invalid payload: {issues}',
  // The hosts' own: failed writes, refused resumes (host-errors.ts).
  ...hostMessages,
} as const;

export type ContractErrorCode = Exclude<keyof typeof contractMessages, keyof typeof hostMessages>;

/**
 * An error received from the engine or the server: what clients (the preload bridge, the WebSocket
 * client) reject with, so the renderer has the code and parameters, not only the text.
 */
export class LabError extends Error {
  readonly code?: string;
  readonly params: ErrorParams;
  readonly layerIndex?: number;
  readonly problem?: ErrorProblem;

  constructor(body: ErrorBody) {
    super(body.message);
    this.name = 'LabError';
    if (body.code !== undefined) this.code = body.code;
    this.params = body.params ?? {};
    if (body.layerIndex !== undefined) this.layerIndex = body.layerIndex;
    if (body.problem !== undefined) this.problem = body.problem;
  }
}

function isParams(value: unknown): value is ErrorParams {
  return errorParams.safeParse(value).success;
}

/** The data of anything thrown that carries a code (its ErrorBody less the message), or undefined. */
export function codedErrorOf(error: unknown): CodedError | undefined {
  const { message: _english, code, ...rest } = errorBodyOf(error);
  return code === undefined ? undefined : { code, ...rest };
}

/**
 * The wire form of anything thrown: its message, and the code, params, layer index and field problem it
 * carries (core's SpecError, DataError and ModelFileError, ContractError, a LabError passed on) when it has them.
 */
export function errorBodyOf(error: unknown): ErrorBody {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code, params, layerIndex, problem } = error as Error & { code?: unknown; params?: unknown; layerIndex?: unknown; problem?: unknown };
  const problemData = errorProblem.safeParse(problem);
  return {
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(isParams(params) && Object.keys(params).length > 0 ? { params } : {}),
    ...(typeof layerIndex === 'number' && Number.isInteger(layerIndex) && layerIndex >= 0 ? { layerIndex } : {}),
    ...(problemData.success ? { problem: problemData.data } : {}),
  };
}
