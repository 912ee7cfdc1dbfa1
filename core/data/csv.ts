/**
 * CSV in the Kaggle digit-recognizer layout: one image per row, `label,pixel0,…,pixel783` (train.csv) or
 * `pixel0,…,pixel783` without labels (test.csv); the header row is optional. Pixels are 0–255 (divided
 * by 255) or already in [0, 1] (kept) — decided once per file by its largest value. Rows are numbered as
 * lines of the file (1-based) in errors, so they can be found in an editor.
 */
import { DataError } from '../errors.js';
import { readLimits } from '../limits.js';
import { makeDataset, type Dataset, PIXELS_PER_IMAGE } from './dataset.js';
import { idxByte } from './idx.js';

export interface CsvDigits {
  images: Float32Array;
  /** null for the unlabelled layout. */
  labels: Uint8Array | null;
  count: number;
}

/** Parses either layout; the number of columns (785 or 784) or the header decides which. */
export function parseDigitCsv(input: Uint8Array | string, file: string): CsvDigits {
  if (input.length > readLimits.maxDataFileBytes) {
    throw DataError.of(typeof input === 'string' ? 'csv.too-many-characters' : 'csv.too-many-bytes', { file, size: input.length, max: readLimits.maxDataFileBytes });
  }
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  // A header and at most maxImages rows; counting stops there, before a line array the size of the file.
  const lines = splitLines(text, readLimits.maxImages + 1, () => {
    throw DataError.of('csv.too-many-lines', { file, lines: readLimits.maxImages + 1, max: readLimits.maxImages });
  });
  let first = 0;
  let labelled: boolean | null = null;
  const header = lines[0];
  if (header && /^\s*"?[A-Za-z]/.test(header.text)) {
    const columns = header.text.split(',').map((name) => name.trim().replace(/^"|"$/g, ''));
    labelled = columns[0]?.toLowerCase() === 'label';
    const expected = labelled ? PIXELS_PER_IMAGE + 1 : PIXELS_PER_IMAGE;
    if (columns.length !== expected) {
      throw DataError.of(labelled ? 'csv.header-columns-labelled' : 'csv.header-columns', { file, columns: columns.length, expected });
    }
    first = 1;
  }
  const rows = lines.slice(first);
  if (rows.length === 0) throw DataError.of('csv.no-rows', { file });
  if (labelled === null) {
    const fields = countFields(rows[0]!.text);
    if (fields !== PIXELS_PER_IMAGE && fields !== PIXELS_PER_IMAGE + 1) {
      throw DataError.of('csv.first-row-width', { file, row: rows[0]!.lineNumber, fields });
    }
    labelled = fields === PIXELS_PER_IMAGE + 1;
  }
  const width = labelled ? PIXELS_PER_IMAGE + 1 : PIXELS_PER_IMAGE;
  if (rows.length > readLimits.maxImages) {
    throw DataError.of('csv.too-many-rows', { file, rows: rows.length, max: readLimits.maxImages });
  }
  // Every row's width is checked before the images are allocated, so their size is bounded by the
  // text's: a row of 784 values is at least 1,567 characters.
  for (const { text: row, lineNumber } of rows) {
    const fields = countFields(row);
    if (fields !== width) {
      throw DataError.of(labelled ? 'csv.row-width-labelled' : 'csv.row-width', { file, row: lineNumber, fields, expected: width });
    }
  }

  const count = rows.length;
  const images = new Float32Array(count * PIXELS_PER_IMAGE);
  const labels = labelled ? new Uint8Array(count) : null;
  const values = new Float64Array(width);
  let largest = 0;
  for (let r = 0; r < count; r++) {
    const { text: row, lineNumber } = rows[r]!;
    const found = parseFields(row, values, (column, field) => {
      throw DataError.of('csv.not-a-number', { file, row: lineNumber, column: column + 1, field: field.length > 40 ? `${field.slice(0, 40)}…` : field });
    });
    if (found !== width) {
      throw DataError.of(labelled ? 'csv.row-width-labelled' : 'csv.row-width', { file, row: lineNumber, fields: found, expected: width });
    }
    let offset = 0;
    if (labels) {
      const label = values[0]!;
      if (!Number.isInteger(label) || label < 0 || label > 9) {
        throw DataError.of('csv.label-range', { file, row: lineNumber, label });
      }
      labels[r] = label;
      offset = 1;
    }
    for (let p = 0; p < PIXELS_PER_IMAGE; p++) {
      const value = values[offset + p]!;
      if (value < 0 || value > 255) {
        throw DataError.of('csv.pixel-range', { file, row: lineNumber, pixel: p, value });
      }
      if (value > largest) largest = value;
      images[r * PIXELS_PER_IMAGE + p] = value;
    }
  }
  if (largest > 1) for (let i = 0; i < images.length; i++) images[i] = images[i]! / 255;
  return { images, labels, count };
}

/** The labelled layout as a Dataset; unlabelled files are refused with a clear message. */
export function parseCsvDataset(input: Uint8Array | string, file: string): Dataset {
  const parsed = parseDigitCsv(input, file);
  if (!parsed.labels) throw DataError.of('csv.no-labels', { file });
  return makeDataset(parsed.images, parsed.labels, file);
}

/** Writes a Dataset in the labelled layout with a header (pixels 0–255, rounded as IDX files are: `idxByte`). */
export function encodeCsv(data: Dataset): string {
  const header = ['label', ...Array.from({ length: PIXELS_PER_IMAGE }, (_, i) => `pixel${i}`)].join(',');
  const rows = [header];
  for (let i = 0; i < data.count; i++) {
    const pixels = data.images.subarray(i * PIXELS_PER_IMAGE, (i + 1) * PIXELS_PER_IMAGE);
    rows.push(`${data.labels[i]},${Array.from(pixels, idxByte).join(',')}`);
  }
  return rows.join('\n') + '\n';
}

interface Line {
  text: string;
  lineNumber: number;
}

/** Non-empty lines with their 1-based line numbers (\n or \r\n; a BOM is dropped); `tooMany` past `maxLines`. */
function splitLines(text: string, maxLines: number, tooMany: () => never): Line[] {
  const lines: Line[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let lineNumber = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    if (line.trim() !== '' && lines.push({ text: line, lineNumber }) > maxLines) tooMany();
    start = end + 1;
    lineNumber++;
  }
  return lines;
}

function countFields(row: string): number {
  let count = 1;
  for (let i = 0; i < row.length; i++) if (row.charCodeAt(i) === 44) count++;
  return count;
}

/**
 * Reads comma-separated numbers into `out` (up to its length) and returns how many fields the row has.
 * Plain non-negative integers, the common case, are parsed digit by digit; anything else goes to Number().
 */
function parseFields(row: string, out: Float64Array, fail: (column: number, field: string) => never): number {
  let field = 0;
  let start = 0;
  for (let i = 0; i <= row.length; i++) {
    if (i < row.length && row.charCodeAt(i) !== 44) continue;
    if (field < out.length) out[field] = parseNumber(row, start, i, field, fail);
    field++;
    start = i + 1;
  }
  return field;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(row: string, start: number, end: number, column: number, fail: (column: number, field: string) => never): number {
  let value = 0;
  let plainInteger = end > start;
  for (let i = start; i < end; i++) {
    const digit = row.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) {
      plainInteger = false;
      break;
    }
    value = value * 10 + digit;
  }
  if (plainInteger) return value;
  const text = row.slice(start, end).trim().replace(/^"|"$/g, '');
  // Decimal only: Number() would also read "0x1f" as 31, "0b11" as 3 and "" as 0.
  if (!DECIMAL.test(text)) fail(column, text);
  const parsed = Number(text);
  if (!Number.isFinite(parsed)) fail(column, text);
  return parsed;
}
