/**
 * An experiment's result as files: each figure's series as CSV (series, x, y), each table as CSV with
 * its (translated) header, and the whole outcome as JSON; names carry the experiment and the seed.
 */
import type { ExperimentFigure, ExperimentTable } from '../../../contract/index.js';

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function figureCsv(figure: ExperimentFigure, label: (text: string) => string): string {
  const lines = ['series,x,y'];
  for (const series of figure.series) for (const [x, y] of series.points) lines.push([label(series.name), x, y].map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

export function tableCsv(table: ExperimentTable, label: (text: string) => string): string {
  const lines = [table.columns.map((c) => csvCell(label(c))).join(',')];
  for (const row of table.rows) lines.push(row.map((cell) => csvCell(typeof cell === 'string' ? label(cell) : cell)).join(','));
  return `${lines.join('\n')}\n`;
}

/** UTF-8 text as base64, for saveDownload. */
export function textBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
