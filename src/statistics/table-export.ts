import { PassThrough, type Readable } from 'node:stream';
import * as ExcelJS from 'exceljs';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportColumn {
  header: string;
  width?: number;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/**
 * A spreadsheet program runs a cell that starts with = + - @ (or a tab or carriage return) as a
 * formula: a case's text must never become one (CSV and formula injection).
 */
function inert(value: unknown): string | number {
  if (typeof value === 'number') return value;
  const text = cellText(value);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${value}`;
  return JSON.stringify(value);
}

function csvCell(value: unknown): string {
  const text = String(inert(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A table streamed as .xlsx (exceljs's streaming writer: each row is written and released as it
 * comes, so a long list takes constant memory) or as CSV (UTF-8 with a byte-order mark, which
 * Excel needs to read Chinese). Rows come from an async iterable, pulled as the response drains.
 */
export function streamTable(format: ExportFormat, sheetName: string, columns: ExportColumn[], rows: AsyncIterable<unknown[]>): Readable {
  const out = new PassThrough();
  const write = format === 'csv' ? writeCsv(out, columns, rows) : writeXlsx(out, sheetName, columns, rows);
  write.catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

async function writeCsv(out: PassThrough, columns: ExportColumn[], rows: AsyncIterable<unknown[]>): Promise<void> {
  const line = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
  await drainWrite(out, `\uFEFF${line(columns.map((column) => column.header))}`);
  for await (const row of rows) await drainWrite(out, line(row));
  out.end();
}

async function writeXlsx(out: PassThrough, sheetName: string, columns: ExportColumn[], rows: AsyncIterable<unknown[]>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({ header: column.header, key: `c${index}`, width: column.width ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const row of rows) sheet.addRow(row.map(inert)).commit();
  sheet.commit();
  await workbook.commit();
}

function drainWrite(out: PassThrough, text: string): Promise<void> {
  return out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once('drain', () => resolve()));
}
