/**
 * Models in and out of the app: export in every format of core's `exportFormats` (the bytes come back,
 * base64, for a download: no host ever writes to a path a client names), and import of an uploaded
 * file (ONNX, .bplab or its JSON export), which joins the user's library like a trained model.
 */
import { z } from 'zod';
import { exportFormats } from '@backprop-lab/core';
import { modelInfo } from './records.js';

/** The base64 of an upload must fit one WebSocket message of the server (4 MiB): files of up to ~3 MiB. */
export const MAX_UPLOAD_BASE64_LENGTH = 4 * 1024 * 1024 - 64 * 1024;

export const exportFormat = z.enum(exportFormats);

export const exportResult = z.object({
  fileName: z.string(),
  /** The file's bytes in base64 (TF.js: a zip of model.json and its shards). */
  base64: z.string(),
  byteLength: z.number().int().nonnegative(),
});

export const interopMethods = {
  'models.export': {
    params: z.object({ id: z.string().min(1), format: exportFormat }).strict(),
    result: exportResult,
  },
  'models.import': {
    params: z.object({
      /** The uploaded file's name; its extension says the format (.onnx, .bplab, .json). */
      fileName: z.string().min(1).max(255),
      base64: z.string().min(1).max(MAX_UPLOAD_BASE64_LENGTH),
    }).strict(),
    result: modelInfo,
  },
} as const;

export type ExportResult = z.infer<typeof exportResult>;
