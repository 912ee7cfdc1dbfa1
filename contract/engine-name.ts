/**
 * The parts of a name the engine made (core/run-name.ts), as a run or model record carries them beside
 * the stored English `name`, so that the app words the name in the user's language. A record without
 * parts (typed or renamed by the user, or stored before parts existed) is shown by its `name` as it is.
 */
import { z } from 'zod';
import { NAMED_TRAIN_SETTINGS, type EngineNameParts, type NameDifference, type RunNameParts } from '@backprop-lab/core';
import { readLimits } from '@backprop-lab/core';

const word = z.string().max(readLimits.maxStringLength);

export const nameDifference: z.ZodType<NameDifference> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('layer'), layer: z.number().int().nonnegative(), key: word, value: word.optional() }),
  z.object({ kind: z.literal('architecture'), value: word }),
  z.object({ kind: z.literal('loss'), value: word }),
  z.object({ kind: z.literal('optimizer'), value: word, settings: z.array(z.object({ key: word, value: word })) }),
  z.object({ kind: z.literal('optimizer-setting'), key: word, value: word }),
  z.object({ kind: z.literal('setting'), key: z.enum(NAMED_TRAIN_SETTINGS), value: word.optional(), on: z.boolean().optional() }),
]);

const runNameRecord: z.ZodType<RunNameParts> = z.object({
  kind: z.literal('run'),
  preset: word.optional(),
  model: word.optional(),
  architecture: word.optional(),
  differences: z.array(nameDifference),
  more: z.number().int().nonnegative(),
});

export const engineNameParts: z.ZodType<EngineNameParts> = z.union([
  runNameRecord,
  z.object({ kind: z.literal('fine-tune'), base: word, baseParts: runNameRecord.optional(), source: z.literal('handwriting') }),
]);
