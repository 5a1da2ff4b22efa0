import { condition, DomainError } from '../common/domain-error';
import { CSV_TYPE, XLSX_TYPE } from './import-format';

/** Both spreadsheet imports (the directory, the backlog of cases) take the file itself as the body, typed .xlsx or CSV. */
export function sheetFormatOf(type: string | undefined): 'xlsx' | 'csv' {
  const base = (type ?? '').split(';')[0].trim().toLowerCase();
  return base === CSV_TYPE ? 'csv' : 'xlsx';
}

/** A JSON body (or none) on an import route is not a file. */
export function sheetFileOf(body: unknown): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new DomainError('IMPORT.UNSUPPORTED_TYPE', 'Send the file itself as the body, typed .xlsx or text/csv', {
    conditions: [
      condition(
        'import.mediaType',
        `请直接上传文件本身（Content-Type: ${XLSX_TYPE} 或 ${CSV_TYPE}）`,
        `Send the file itself as the body (Content-Type: ${XLSX_TYPE} or ${CSV_TYPE})`,
      ),
    ],
  });
}
