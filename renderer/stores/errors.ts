/**
 * Errors as data in the renderer. Whatever a call rejects with (a LabError from the WebSocket client, the
 * plain `{ message, code, params, layerIndex, problem }` the preload bridge passes, any Error, core's
 * SpecError thrown by a check in the page) is read as a `Failure`, and its text is the translation of
 * `errors.<code>` with its params, in the language shown; the engine's English message is only a
 * fallback for a code the app has no words for. An error whose text has a `{problem}` carries it as
 * data, and that problem may carry its own (an ONNX node → its layer → the layer's `field.*` problem):
 * each level is translated from the innermost out and fills the `{problem}` of the one above, a field
 * named by the Train form's own label (components/fieldLabels.ts) for the place its parent's code gives.
 * No UI logic reads the message text: the layer a spec error concerns is `layerIndex`.
 */
import { activeI18n } from '../i18n/index.js';
import { fieldLabelKey, isFieldPlace } from '../components/fieldLabels.js';
import { MAX_PROBLEM_DEPTH, type ErrorProblem } from '../../contract/index.js';

type Params = Record<string, string | number>;

export interface Failure {
  message: string;
  code?: string;
  params: Params;
  layerIndex?: number;
  /** What is wrong inside the failure (its `{problem}`), and what is wrong inside that, level by level. */
  problem?: ErrorProblem;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function paramsOf(params: unknown): Params {
  const clean: Params = {};
  if (isRecord(params)) {
    for (const [name, value] of Object.entries(params)) if (typeof value === 'string' || typeof value === 'number') clean[name] = value;
  }
  return clean;
}

/**
 * A problem and the ones inside it, read to one level past the depth they are worded to (so a longer or
 * cyclic chain is seen to be one); anything malformed ends the chain.
 */
function problemOf(problem: unknown, depth = MAX_PROBLEM_DEPTH + 1): ErrorProblem | undefined {
  if (depth < 1 || !isRecord(problem) || typeof problem.code !== 'string') return undefined;
  const inner = problemOf(problem.problem, depth - 1);
  return { code: problem.code, params: paramsOf(problem.params), ...(inner ? { problem: inner } : {}) };
}

/** Anything thrown or rejected, as data. */
export function failureOf(failure: unknown): Failure {
  if (!isRecord(failure)) return { message: typeof failure === 'string' ? failure : '', params: {} };
  const { message, code, params, layerIndex } = failure;
  const problem = problemOf(failure.problem);
  return {
    message: typeof message === 'string' ? message : '',
    ...(typeof code === 'string' ? { code } : {}),
    params: paramsOf(params),
    ...(typeof layerIndex === 'number' && Number.isInteger(layerIndex) && layerIndex >= 0 ? { layerIndex } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** Parameters that name something the app has words for: a layer's type, an optimizer's, a schedule's, a run's status. */
const namedParams: Readonly<Record<string, string>> = {
  type: 'train.layer.types',
  optimizer: 'train.optimizer.types',
  schedule: 'train.schedule.types',
  status: 'train.phase',
};

/**
 * `params` with each name the app has words for in those words ('dense' → 全连接 in Chinese): the form's
 * names, and an experiment's name and parameter as its page labels them.
 */
function inWords(params: Params): Params {
  const { t, te } = activeI18n();
  const worded: Params = { ...params };
  for (const [name, prefix] of Object.entries(namedParams)) {
    const value = params[name];
    if (typeof value === 'string' && te(`${prefix}.${value}`)) worded[name] = t(`${prefix}.${value}`);
  }
  const { experiment, param } = params;
  if (typeof experiment === 'string') {
    if (te(`experiments.${experiment}.title`)) worded.experiment = t(`experiments.${experiment}.title`);
    if (typeof param === 'string' && te(`experiments.${experiment}.params.${param}`)) worded.param = t(`experiments.${experiment}.params.${param}`);
  }
  return worded;
}

/**
 * A problem's words, its own problem worded first into its `{problem}`; `{field}` is the label the form
 * gives the field at the place `parentCode` puts it. Null when some level has no words or the chain is
 * deeper than MAX_PROBLEM_DEPTH, so the failure shows the English sentence whole rather than half translated.
 */
function describeProblem(problem: ErrorProblem, parentCode: string, depth = MAX_PROBLEM_DEPTH): string | null {
  const { t, te } = activeI18n();
  const key = `errors.${problem.code}`;
  if (depth < 1 || !te(key)) return null;
  const inner = problem.problem ? describeProblem(problem.problem, problem.code, depth - 1) : null;
  if (problem.problem && inner === null) return null;
  const place = parentCode.split('.')[0];
  const field = problem.params.field;
  const labelKey = typeof field === 'string' && isFieldPlace(place) ? fieldLabelKey(place, field) : undefined;
  const label = labelKey && te(labelKey) ? t(labelKey) : field;
  return t(key, { ...inWords(problem.params), ...(label !== undefined ? { field: label } : {}), ...(inner !== null ? { problem: inner } : {}) });
}

/** The text to show for a failure, in the language shown now. */
export function describeFailure(failure: Failure): string {
  const { t, te } = activeI18n();
  const key = failure.code ? `errors.${failure.code}` : undefined;
  if (key && te(key)) {
    const problem = failure.problem ? describeProblem(failure.problem, failure.code!) : null;
    // A problem the app has no words for leaves the English sentence, rather than a half-translated one.
    if (failure.problem && problem === null) return failure.message || t('app.error.noMessage');
    return t(key, { message: failure.message, ...inWords(failure.params), ...(problem !== null ? { problem } : {}) });
  }
  return failure.message || t('app.error.noMessage');
}

/**
 * A message the engine sends as data rather than as an error (a provider's detail, why CUDA is not in
 * use): `errors.<code>` with its params in the language shown, or `english` (the engine's own text)
 * for a code the app has no words for.
 */
export function describeMessage(data: { code: string; params: Params } | undefined, english?: string): string | undefined {
  const { t, te } = activeI18n();
  if (data && te(`errors.${data.code}`)) return t(`errors.${data.code}`, inWords(data.params));
  return english;
}

/**
 * Why a run failed, in the language shown: its record's failure as data (`errorData`) where the run
 * kept it, else its English text (a run.json written before runs kept the data); undefined if none.
 */
export function runFailureText(run: { error?: string; errorData?: unknown }): string | undefined {
  if (run.errorData === undefined) return run.error;
  return describeFailure({ ...failureOf(run.errorData), message: run.error ?? '' });
}

/** The text to show for anything thrown or rejected. */
export function messageOf(failure: unknown): string {
  return describeFailure(failureOf(failure));
}

/** The layer index a failure concerns (a spec error's), or null. */
export function layerIndexOf(failure: unknown): number | null {
  return failureOf(failure).layerIndex ?? null;
}
