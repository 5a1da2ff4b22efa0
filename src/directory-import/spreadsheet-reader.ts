import * as ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { condition, DomainError } from '../common/domain-error';
import { MAX_ROWS, NOTES_SHEET, SHEETS, SHEET_ORDER, type SheetKind, type SheetSpec } from './import-format';

export interface ParsedRow {
  /** The row's number as the spreadsheet program shows it (the header is row 1). */
  row: number;
  values: Record<string, string>;
}

export interface ParsedSheet<K extends string = SheetKind> {
  kind: K;
  /** The worksheet's name, or for a CSV file the sheet its headers name. */
  name: string;
  rows: ParsedRow[];
}

export interface ParsedFile<K extends string = SheetKind> {
  format: 'xlsx' | 'csv';
  sheets: Array<ParsedSheet<K>>;
}

const DIRECTORY_SHEETS: readonly SheetSpec[] = SHEET_ORDER.map((kind) => SHEETS[kind]);

/** A whole-file problem: 400 naming it in both languages; nothing is read further, nothing is written. */
export function fileRefusal(code: string, zh: string, en: string): DomainError {
  return new DomainError('IMPORT.INVALID', en, { fields: [{ field: '(file)', messages: [en] }], conditions: [condition(code, zh, en)] });
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** The old binary .xls (OLE compound file). */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/**
 * Reads an uploaded .xlsx or UTF-8 CSV into rows of text by column key, with exceljs. Cells are
 * text: numbers are written as they read, formulas are refused (never evaluated, and their cached
 * result may be stale), as are whole-file problems (not a spreadsheet, empty, not UTF-8, headers
 * not the format's, more than MAX_ROWS rows).
 */
export async function readSpreadsheet(body: Buffer, format: 'xlsx' | 'csv'): Promise<ParsedFile>;
/** The same for another import's sheets (the backlog of cases): `specs` in the order they are read. */
export async function readSpreadsheet<K extends string>(body: Buffer, format: 'xlsx' | 'csv', specs: ReadonlyArray<SheetSpec<K>>): Promise<ParsedFile<K>>;
export async function readSpreadsheet(
  body: Buffer,
  format: 'xlsx' | 'csv',
  specs: ReadonlyArray<SheetSpec<string>> = DIRECTORY_SHEETS,
): Promise<ParsedFile<string>> {
  if (body.length === 0) throw fileRefusal('import.empty', '上传的文件是空的', 'The file is empty');
  const workbook = format === 'xlsx' ? await loadXlsx(body) : await loadCsv(body);
  const sheets: Array<ParsedSheet<string>> = [];
  let rows = 0;
  for (const worksheet of workbook.worksheets) {
    if (worksheet.name.trim() === NOTES_SHEET) continue;
    rows += Math.max(0, worksheet.actualRowCount - 1);
    if (rows > MAX_ROWS) {
      throw fileRefusal(
        'import.tooManyRows',
        `文件超过 ${MAX_ROWS} 行数据的上限：请分成几个文件导入`,
        `The file holds more than ${MAX_ROWS} data rows: split it into several files`,
      );
    }
    const header = headerOf(worksheet);
    if (format === 'csv' && header.every((cell) => cell === '')) continue;
    const spec = format === 'xlsx' ? sheetNamed(worksheet.name, specs) : sheetWithHeaders(header, specs);
    sheets.push({ kind: spec.kind, name: spec.name, rows: rowsOf(worksheet, spec, header) });
  }
  const seen = new Set<string>();
  for (const sheet of sheets) {
    const en = specs.find((spec) => spec.kind === sheet.kind)?.en ?? sheet.name;
    if (seen.has(sheet.kind)) throw fileRefusal('import.sheetTwice', `工作表“${sheet.name}”出现了两次`, `The sheet ${en} appears twice`);
    seen.add(sheet.kind);
  }
  if (sheets.every((sheet) => sheet.rows.length === 0)) {
    throw fileRefusal('import.noRows', '文件中没有数据行（只有表头或空白）', 'The file holds no data rows (only headers or blanks)');
  }
  const order = specs.map((spec) => spec.kind);
  sheets.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return { format, sheets };
}

async function loadXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
  if (body.subarray(0, 4).equals(OLE_MAGIC)) {
    throw fileRefusal(
      'import.oldXls',
      '这是旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 后再导入',
      'This is an old Excel (.xls) file: save it as .xlsx and import that',
    );
  }
  const notSpreadsheet = fileRefusal('import.notSpreadsheet', '上传的文件不是 .xlsx 电子表格', 'The file is not an .xlsx spreadsheet');
  if (!body.subarray(0, 4).equals(ZIP_MAGIC)) throw notSpreadsheet;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  } catch {
    throw notSpreadsheet;
  }
  if (workbook.worksheets.length === 0) throw notSpreadsheet;
  return workbook;
}

async function loadCsv(body: Buffer): Promise<ExcelJS.Workbook> {
  if (body.subarray(0, 4).equals(ZIP_MAGIC) || body.subarray(0, 4).equals(OLE_MAGIC) || body.includes(0)) {
    throw fileRefusal('import.notCsv', '上传的文件不是 CSV 文本文件', 'The file is not a CSV text file');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw fileRefusal(
      'import.notUtf8',
      'CSV 文件不是 UTF-8 编码（可能是 GBK）：请在 Excel 中“另存为”选择“CSV UTF-8（逗号分隔）”后再导入',
      'The CSV file is not UTF-8 (perhaps GBK): save it as "CSV UTF-8 (comma delimited)" and import that',
    );
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // Every value stays the text it is: no number or date guessing (exceljs's default map).
    await workbook.csv.read(Readable.from([text.replace(/^\uFEFF/, '')]), { map: (value: unknown) => value });
  } catch {
    throw fileRefusal('import.notCsv', 'CSV 文件格式有误，无法读取', 'The CSV file is malformed and cannot be read');
  }
  return workbook;
}

function sheetNamed(name: string, specs: ReadonlyArray<SheetSpec<string>>): SheetSpec<string> {
  const spec = specs.find((sheet) => sheet.name === name.trim());
  if (spec) return spec;
  const names = specs.map((sheet) => `“${sheet.name}”`).join('、');
  throw fileRefusal(
    'import.unknownSheet',
    `工作表“${name}”不是导入格式中的工作表：应为 ${names}（或“${NOTES_SHEET}”，不导入）`,
    `The worksheet "${name}" is not one of the format's sheets: ${specs.map((sheet) => sheet.name).join(', ')} (or ${NOTES_SHEET}, not imported)`,
  );
}

/** A CSV file holds one sheet: the one whose id column opens its header row. */
function sheetWithHeaders(header: string[], specs: ReadonlyArray<SheetSpec<string>>): SheetSpec<string> {
  const spec = specs.find((sheet) => header[0] === sheet.columns[0].header);
  if (spec) return spec;
  throw fileRefusal(
    'import.badHeaders',
    `CSV 文件的第一列表头应为 ${specs.map((sheet) => `“${sheet.columns[0].header}”`).join('、')} 之一，实为“${header[0] ?? ''}”`,
    `The CSV file's first header must be one of ${specs.map((sheet) => sheet.columns[0].header).join(', ')}, not "${header[0] ?? ''}"`,
  );
}

/** The header row's texts, a trailing `*` (required) dropped. */
function headerOf(worksheet: ExcelJS.Worksheet): string[] {
  const row = worksheet.getRow(1);
  const texts: string[] = [];
  for (let index = 1; index <= row.cellCount; index++)
    texts.push(
      cellText(row.getCell(index), worksheet.name, 1)
        .replace(/[*＊]$/, '')
        .trim(),
    );
  while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
  return texts;
}

function rowsOf(worksheet: ExcelJS.Worksheet, spec: SheetSpec<string>, header: string[]): ParsedRow[] {
  for (const text of header) {
    const rule = spec.forbidden?.find((candidate) => candidate.pattern.test(text));
    if (rule) {
      throw fileRefusal(
        'import.forbiddenColumn',
        `工作表“${spec.name}”的列“${text}”不能导入：${rule.zh}`,
        `Sheet ${spec.en}, column "${text}" cannot be imported: ${rule.en}`,
      );
    }
  }
  const known = new Set(spec.columns.map((column) => column.header));
  const unknown = header.filter((text) => text !== '' && !known.has(text));
  const missing = spec.columns.filter((column) => column.required && !header.includes(column.header)).map((column) => column.header);
  const twice = header.filter((text, index) => text !== '' && header.indexOf(text) !== index);
  if (unknown.length > 0 || missing.length > 0 || twice.length > 0) {
    const zh = [
      missing.length > 0 ? `缺少列 ${missing.map((text) => `“${text}”`).join('、')}` : '',
      unknown.length > 0 ? `有不认识的列 ${unknown.map((text) => `“${text}”`).join('、')}` : '',
      twice.length > 0 ? `列 ${twice.map((text) => `“${text}”`).join('、')} 出现了两次` : '',
    ]
      .filter(Boolean)
      .join('；');
    const en = [
      missing.length > 0 ? `missing columns ${missing.join(', ')}` : '',
      unknown.length > 0 ? `unknown columns ${unknown.map((text) => `"${text}"`).join(', ')}` : '',
      twice.length > 0 ? `columns appearing twice ${twice.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    throw fileRefusal(
      'import.badHeaders',
      `工作表“${spec.name}”的表头不符合导入格式：${zh}。应为 ${spec.columns.map((column) => `“${column.header}”`).join('、')}`,
      `The header row of sheet ${spec.name} does not match the format: ${en}`,
    );
  }
  const keyAt = header.map((text) => spec.columns.find((column) => column.header === text)?.key);
  const rows: ParsedRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const values: Record<string, string> = {};
    keyAt.forEach((key, index) => {
      if (key) values[key] = cellText(row.getCell(index + 1), spec.name, rowNumber, spec.columns.find((column) => column.key === key)?.header);
    });
    // A row that only looked filled (formatting, spaces) is not a row.
    if (Object.values(values).some((value) => value !== '')) rows.push({ row: rowNumber, values });
  });
  return rows;
}

/**
 * A cell as text. A formula is refused: the import never evaluates one, and the value it shows
 * may be stale. A text that begins with "=" is refused too (a formula pasted as text, or one a
 * CSV file carries): whoever opens an export of the directory in a spreadsheet program would run it.
 */
function cellText(cell: ExcelJS.Cell, sheet: string, row: number, header?: string): string {
  const where = header ? `第 ${row} 行“${header}”` : `第 ${row} 行`;
  const whereEn = `row ${row}${header ? ` (${header})` : ''}`;
  const formula = () =>
    fileRefusal(
      'import.formula',
      `工作表“${sheet}”${where}是公式：导入不计算公式，请改为直接填写内容（复制后“选择性粘贴—数值”）`,
      `Sheet ${sheet}, ${whereEn} holds a formula: the import never evaluates formulas; enter the value itself (paste as values)`,
    );
  const value = cell.value;
  if (value === null || value === undefined) return '';
  let text: string;
  if (cell.type === ExcelJS.ValueType.Formula || (typeof value === 'object' && ('formula' in value || 'sharedFormula' in value))) throw formula();
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString().slice(0, 10);
  else if (typeof value === 'object' && 'richText' in value) text = value.richText.map((part) => part.text).join('');
  else if (typeof value === 'object' && 'text' in value) text = String(value.text);
  else if (typeof value === 'object' && 'error' in value) throw formula();
  else text = String(cell.text ?? '');
  text = text.trim();
  if (text.startsWith('=')) throw formula();
  return text;
}
