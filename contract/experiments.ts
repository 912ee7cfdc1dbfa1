/**
 * The experiments' part of the contract: the listing of each experiment (its parameters as data, from
 * core's registry), a run as a job in the engine (params + seed in, a job id out), stop, and the
 * events a job pushes (progress with a partial result, done with the whole outcome, error).
 * The ids and parameter rules live in core's registry only: the engine checks them and answers an
 * `experiment.*` error naming the parameter.
 */
import { z } from 'zod';
import { modelSpec } from './specs.js';
import { errorBody } from './errors.js';

const paramDescriptor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('number'), default: z.number(), min: z.number().optional(), max: z.number().optional(), step: z.number().optional(), integer: z.boolean().optional() }),
  z.object({ kind: z.literal('choice'), default: z.string(), choices: z.array(z.string()) }),
  z.object({ kind: z.literal('boolean'), default: z.boolean() }),
  z.object({ kind: z.literal('matrix'), default: z.array(z.array(z.number())), maxRows: z.number().optional(), maxColumns: z.number().optional() }),
  z.object({ kind: z.literal('model'), default: modelSpec }),
]);
export type ExperimentParamDescriptor = z.output<typeof paramDescriptor>;

export const experimentParamValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.array(z.number())), modelSpec]);
export type ExperimentParamValue = z.output<typeof experimentParamValue>;

export const experimentListing = z.object({
  id: z.string(),
  course: z.number().int(),
  trains: z.boolean(),
  params: z.record(z.string(), paramDescriptor),
});
export type ExperimentListing = z.output<typeof experimentListing>;

/** NaN and ±Infinity travel as null (JSON has no such numbers). */
const measured = z.number().nullable();
const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const axis = z.object({ label: z.string(), log: z.boolean().optional(), categories: z.array(z.string()).optional() });
const figure = z.object({
  id: z.string(),
  x: axis,
  y: axis,
  series: z.array(z.object({
    name: z.string(),
    points: z.array(z.tuple([measured, measured])),
    style: z.enum(['line', 'scatter', 'bar', 'area']).optional(),
  })),
  field: z.object({ x: z.array(z.number()), y: z.array(z.number()), z: z.array(z.array(measured)) }).optional(),
  equalAspect: z.boolean().optional(),
});
export const experimentResult = z.object({
  figures: z.array(figure),
  tables: z.array(z.object({ id: z.string(), columns: z.array(z.string()), rows: z.array(z.array(cell)) })),
  values: z.record(z.string(), cell),
  detail: z.unknown().optional(),
});
export type ExperimentResultRecord = z.output<typeof experimentResult>;
export type ExperimentFigure = ExperimentResultRecord['figures'][number];
export type ExperimentTable = ExperimentResultRecord['tables'][number];

export const experimentOutcome = z.object({
  id: z.string(),
  params: z.record(z.string(), experimentParamValue),
  seed: z.number().int(),
  result: experimentResult,
  reason: z.enum(['completed', 'stopped']),
  elapsedMs: z.number(),
});
export type ExperimentOutcomeRecord = z.output<typeof experimentOutcome>;

const job = z.object({ jobId: z.string(), id: z.string() });

export const experimentMethods = {
  'experiments.list': { params: z.object({}).strict(), result: z.array(experimentListing) },
  'experiments.run': {
    params: z.object({
      id: z.string().min(1),
      /** Parameters left out take the course's settings. */
      params: z.record(z.string(), experimentParamValue).optional(),
      seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
      /** Store each network the experiment trains as a run named "<name> · <network>" (experiments that train only). */
      saveAsRuns: z.object({ name: z.string().trim().min(1).max(200) }).strict().optional(),
    }).strict(),
    result: job,
  },
  'experiments.stop': { params: z.object({ jobId: z.string().min(1) }).strict(), result: job },
} as const;

export const experimentEvents = {
  'experiment.progress': job.extend({ fraction: z.number().min(0).max(1), partial: experimentResult.optional() }),
  'experiment.done': job.extend({
    outcome: experimentOutcome,
    /** The runs its networks were stored as (when asked to save them), in training order. */
    savedRuns: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
  }),
  /** The error as data (errors.ts: message, code, params, layer index, field problem), as any response's. */
  'experiment.error': job.extend({
    ...errorBody.shape,
    /** When a parameter broke its rule (an `experiment.*` code): its name. */
    param: z.string().optional(),
  }),
} as const;
