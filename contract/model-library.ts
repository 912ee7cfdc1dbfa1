/**
 * The model files the library could not read. `models.list` gives the models it can use; a file that
 * fails to decode (damaged, too large, a manifest that breaks its limits) is left out of it and named
 * here with why, as error data (code + params, translated by the Models view), so one bad file neither
 * empties the list nor disappears without a word.
 */
import { z } from 'zod';
import { errorBody } from './errors.js';

export const skippedModelFile = z.object({
  /** The id the file would have had (bundled:NAME, user:NAME). */
  id: z.string().min(1),
  /** The file's name in its folder (NAME.bplab). */
  fileName: z.string().min(1),
  sizeBytes: z.number().int().min(0),
  error: errorBody,
});
export type SkippedModelFile = z.infer<typeof skippedModelFile>;

export const modelLibraryMethods = {
  'models.skipped': { params: z.object({}).strict(), result: z.array(skippedModelFile) },
} as const;
