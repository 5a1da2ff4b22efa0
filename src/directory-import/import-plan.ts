import { cadreSearchText } from '../org/directory.service';
import { BODY_KINDS, SHEETS, type ColumnSpec, type SheetKind } from './import-format';
import type { ParsedFile } from './spreadsheet-reader';

/** What the directory holds already, for the ids the file names (read before planning). */
export interface ExistingDirectory {
  bodies: Map<string, { name: string; shortName: string; kind: string; parentId: string | null }>;
  units: Map<string, { name: string; jurisdiction: string }>;
  cadres: Map<string, { name: string; position: string; rank: string; unitId: string; managingBody: string; userId: string | null; searchText: string }>;
  users: Map<string, { displayName: string; unitId: string | null }>;
}

export interface RowProblem {
  field: string;
  column: string;
  code: string;
  zh: string;
  en: string;
}

export interface RowDifference {
  field: string;
  column: string;
  file: string;
  directory: string;
}

export type RowAction = 'create' | 'unchanged' | 'conflict' | 'invalid';

export interface ReportRow {
  sheet: SheetKind;
  sheetName: string;
  row: number;
  id: string;
  action: RowAction;
  problems: RowProblem[];
  differences: RowDifference[];
}

export interface SheetCounts {
  rows: number;
  create: number;
  unchanged: number;
  conflict: number;
  invalid: number;
}

export interface ImportReport {
  format: 'xlsx' | 'csv';
  sha256: string;
  /** No row has a problem: the import may run. */
  ok: boolean;
  counts: Record<SheetKind, SheetCounts> & { total: SheetCounts };
  rows: ReportRow[];
}

/** The records the import would create, in the order they go in (a row may name an earlier one). */
export interface ImportWrites {
  bodies: Array<{ id: string; name: string; shortName: string; kind: 'commission' | 'stationed'; parentId: string | null }>;
  units: Array<{ id: string; name: string; jurisdiction: string }>;
  accounts: Array<{ id: string; displayName: string; unitId: string | null }>;
  cadres: Array<{ id: string; name: string; position: string; rank: string; unitId: string; managingBody: string; userId: string | null; initials: string }>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const LOGIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]+$/;
const CONTROL = /\p{Cc}/u;

/**
 * Checks every row of a read file against the format and against the directory, and says for each
 * what the import would do: create it, leave it (the directory holds the same), report a conflict
 * (the directory holds the id with other values: never overwritten) or refuse it (a problem named
 * per field in both languages). Pure: the dry run and the import share it, the import re-running it
 * inside its transaction.
 */
export function planImport(file: ParsedFile, sha256: string, existing: ExistingDirectory): { report: ImportReport; writes: ImportWrites } {
  const rows: ReportRow[] = [];
  const writes: ImportWrites = { bodies: [], units: [], accounts: [], cadres: [] };
  const sheet = (kind: SheetKind) => file.sheets.find((candidate) => candidate.kind === kind)?.rows ?? [];

  // What the file adds, by id: a later row may name it (a unit under a body of the same file).
  const fileBodies = new Map<string, Record<string, string>>();
  const fileUnits = new Map<string, Record<string, string>>();
  const fileAccounts = new Set(sheet('accounts').map((row) => row.values.id));
  for (const row of sheet('bodies')) if (!fileBodies.has(row.values.id)) fileBodies.set(row.values.id, row.values);
  for (const row of sheet('units')) if (!fileUnits.has(row.values.id)) fileUnits.set(row.values.id, row.values);
  const bodyKnown = (id: string) => existing.bodies.has(id) || fileBodies.has(id);
  const unitKnown = (id: string) => existing.units.has(id) || fileUnits.has(id);
  const loginKnown = (id: string) => existing.users.has(id) || fileAccounts.has(id);
  /** The unit's body as it will be after the import: the directory's, where the unit exists already. */
  const unitBody = (id: string) => existing.units.get(id)?.jurisdiction ?? fileUnits.get(id)?.jurisdiction ?? '';

  const shortNames = new Map<string, string>();
  for (const [id, body] of existing.bodies) shortNames.set(body.shortName, id);

  for (const kind of ['bodies', 'units', 'cadres', 'accounts'] as const) {
    const spec = SHEETS[kind];
    const seen = new Map<string, number>();
    for (const { row, values } of sheet(kind)) {
      const problems = fieldProblems(spec.columns, values);
      const problem = (field: string, code: string, zh: string, en: string) => {
        const column = spec.columns.find((candidate) => candidate.key === field)!;
        problems.push({ field, column: column.header, code, zh: `“${column.header}”${zh}`, en: `${column.en}: ${en}` });
      };
      const id = values.id ?? '';
      const firstRow = seen.get(id);
      if (id && firstRow !== undefined) problem('id', 'import.duplicateId', `与第 ${firstRow} 行重复`, `the same as row ${firstRow}`);
      else if (id) seen.set(id, row);

      let differences: RowDifference[] = [];
      let present = false;
      if (kind === 'bodies') {
        const parentId = values.parentId || null;
        if (parentId && !problems.some((p) => p.field === 'parentId')) {
          if (!bodyKnown(parentId))
            problem(
              'parentId',
              'import.unknownParent',
              `：“${parentId}”不是已有的机关，也不在本文件的“机关”表中`,
              `${parentId} is no body of the directory or of this file`,
            );
          else if (closesCycle(id, fileBodies, existing)) problem('parentId', 'import.cycle', '使机关的上下级关系形成循环', 'makes the body tree a cycle');
        }
        const taken = shortNames.get(values.shortName);
        if (values.shortName && taken !== undefined && taken !== id) {
          problem(
            'shortName',
            'import.shortNameTaken',
            `：“${values.shortName}”已被机关 ${taken} 使用：案件编号会因此重复`,
            `${values.shortName} is used by ${taken}: case numbers would collide`,
          );
        } else if (values.shortName && id) shortNames.set(values.shortName, id);
        const record = { name: values.name, shortName: values.shortName, kind: BODY_KINDS[values.kind || '纪委监委'] ?? '', parentId };
        const before = existing.bodies.get(id);
        present = before !== undefined;
        if (before) differences = differ(spec.columns, record, { ...before });
        else if (problems.length === 0) writes.bodies.push({ id, ...record });
      } else if (kind === 'units') {
        if (values.jurisdiction && !problems.some((p) => p.field === 'jurisdiction') && !bodyKnown(values.jurisdiction)) {
          problem(
            'jurisdiction',
            'import.unknownBody',
            `：“${values.jurisdiction}”不是已有的机关，也不在本文件的“机关”表中`,
            `${values.jurisdiction} is no body of the directory or of this file`,
          );
        }
        const record = { name: values.name, jurisdiction: values.jurisdiction };
        const before = existing.units.get(id);
        present = before !== undefined;
        if (before) differences = differ(spec.columns, record, before);
        else if (problems.length === 0) writes.units.push({ id, ...record });
      } else if (kind === 'cadres') {
        if (values.unitId && !problems.some((p) => p.field === 'unitId') && !unitKnown(values.unitId)) {
          problem(
            'unitId',
            'import.unknownUnit',
            `：“${values.unitId}”不是已有的单位，也不在本文件的“单位”表中`,
            `${values.unitId} is no unit of the directory or of this file`,
          );
        }
        const managingBody = values.managingBody || unitBody(values.unitId);
        if (values.managingBody && !problems.some((p) => p.field === 'managingBody') && !bodyKnown(values.managingBody)) {
          problem(
            'managingBody',
            'import.unknownBody',
            `：“${values.managingBody}”不是已有的机关，也不在本文件的“机关”表中`,
            `${values.managingBody} is no body of the directory or of this file`,
          );
        }
        const userId = values.userId || null;
        if (userId && !problems.some((p) => p.field === 'userId')) {
          // Cases know a cadre by one id: a cadre with a login is registered under the login's id.
          if (userId !== id)
            problem(
              'userId',
              'import.loginId',
              `须与“干部编码”相同（有登录账号的干部以账号为编码）`,
              'must equal the cadre id (a cadre with a login is registered under it)',
            );
          else if (!loginKnown(userId))
            problem(
              'userId',
              'import.unknownLogin',
              `：“${userId}”不是已有的账号，也不在本文件的“账号”表中`,
              `${userId} is no login of the directory or of this file`,
            );
        } else if (!userId && id && loginKnown(id) && !existing.cadres.has(id)) {
          problem(
            'id',
            'import.idIsLogin',
            `：“${id}”是一个登录账号：该干部若用此账号，请在“登录账号”列填写；否则请另起编码`,
            `${id} is a login: fill in the login column if the cadre uses it, or choose another id`,
          );
        }
        const initials = (values.initials ?? '').toLowerCase();
        const record = {
          name: values.name,
          position: values.position ?? '',
          rank: values.rank ?? '',
          unitId: values.unitId,
          managingBody,
          userId,
          searchText: cadreSearchText(values.name ?? '', initials),
        };
        const before = existing.cadres.get(id);
        present = before !== undefined;
        if (before) differences = differ(spec.columns, record, before);
        else if (problems.length === 0) writes.cadres.push({ id, ...record, initials });
      } else {
        if (values.unitId && !problems.some((p) => p.field === 'unitId') && !unitKnown(values.unitId)) {
          problem(
            'unitId',
            'import.unknownUnit',
            `：“${values.unitId}”不是已有的单位，也不在本文件的“单位”表中`,
            `${values.unitId} is no unit of the directory or of this file`,
          );
        }
        const record = { displayName: values.displayName, unitId: values.unitId || null };
        const before = existing.users.get(id);
        present = before !== undefined;
        if (before) differences = differ(spec.columns, record, before);
        else if (problems.length === 0) writes.accounts.push({ id, ...record });
      }
      const action: RowAction = problems.length > 0 ? 'invalid' : !present ? 'create' : differences.length > 0 ? 'conflict' : 'unchanged';
      rows.push({ sheet: kind, sheetName: spec.name, row, id, action, problems, differences });
    }
  }
  const counts = countRows(rows);
  return { report: { format: file.format, sha256, ok: counts.total.invalid === 0, counts, rows }, writes };
}

/** Each cell against its column: required, length, the characters an id or a short name may hold, the list of kinds. */
function fieldProblems(columns: ColumnSpec[], values: Record<string, string>): RowProblem[] {
  const problems: RowProblem[] = [];
  for (const column of columns) {
    const value = values[column.key] ?? '';
    const add = (code: string, zh: string, en: string) =>
      problems.push({ field: column.key, column: column.header, code, zh: `“${column.header}”${zh}`, en: `${column.en}: ${en}` });
    if (value === '') {
      if (column.required) add('import.required', '未填写（必填）', 'missing (required)');
      continue;
    }
    if ([...value].length > column.max) {
      add(
        'import.tooLong',
        `过长：最多 ${column.max} 个字，实有 ${[...value].length} 个`,
        `too long: at most ${column.max} characters, ${[...value].length} given`,
      );
      continue;
    }
    if (CONTROL.test(value) || !value.isWellFormed()) {
      add('import.controlChars', '含有换行、制表符等控制字符或无效字符', 'holds line breaks, tabs, other control characters or invalid text');
      continue;
    }
    if (column.kind === 'id' && !ID.test(value)) {
      add('import.badId', '只能由字母、数字和“.”“-”“_”组成，并以字母或数字开头', 'letters, digits, ".", "-" or "_", beginning with a letter or digit');
    } else if (column.kind === 'loginId' && !LOGIN_ID.test(value)) {
      add(
        'import.badId',
        '应为 2 至 64 个字母、数字或“.”“-”“_”，并以字母或数字开头',
        '2 to 64 letters, digits, ".", "-" or "_", beginning with a letter or digit',
      );
    } else if (column.kind === 'shortName' && /[{}\s]/.test(value)) {
      add('import.badShortName', '不能含有空格或花括号（它是案件编号的开头）', 'no spaces or braces (case numbers begin with it)');
    } else if (column.kind === 'bodyKind' && !(value in BODY_KINDS)) {
      add(
        'import.badKind',
        `应为“纪委监委”或“派驻纪检监察组”，实为“${value}”`,
        `must be 纪委监委 (commission) or 派驻纪检监察组 (stationed group), not ${value}`,
      );
    } else if (column.kind === 'initials' && !/^[A-Za-z]+$/.test(value)) {
      add('import.badInitials', '应为姓名的拼音首字母（如 zm）', "the name's pinyin initials (e.g. zm)");
    }
  }
  return problems;
}

/** The fields where the file's row and the directory's record disagree (the directory is kept). */
function differ(columns: ColumnSpec[], file: Record<string, string | null>, directory: Record<string, string | null>): RowDifference[] {
  const differences: RowDifference[] = [];
  for (const [field, value] of Object.entries(file)) {
    const held = directory[field] ?? null;
    if ((value ?? '') === (held ?? '')) continue;
    const column = columns.find((candidate) => candidate.key === field) ?? columns.find((candidate) => candidate.key === 'initials' && field === 'searchText');
    differences.push({ field, column: column?.header ?? field, file: value ?? '', directory: held ?? '' });
  }
  return differences;
}

/** Walking up from a new body through the file's and the directory's parents meets the body again. */
function closesCycle(id: string, fileBodies: Map<string, Record<string, string>>, existing: ExistingDirectory): boolean {
  const visited = new Set<string>();
  let at: string | null = fileBodies.get(id)?.parentId || null;
  while (at) {
    if (at === id || visited.has(at)) return true;
    visited.add(at);
    at = existing.bodies.has(at) ? existing.bodies.get(at)!.parentId : fileBodies.get(at)?.parentId || null;
  }
  return false;
}

function countRows(rows: ReportRow[]): ImportReport['counts'] {
  const empty = (): SheetCounts => ({ rows: 0, create: 0, unchanged: 0, conflict: 0, invalid: 0 });
  const counts = { bodies: empty(), units: empty(), cadres: empty(), accounts: empty(), total: empty() };
  for (const row of rows) {
    for (const bucket of [counts[row.sheet], counts.total]) {
      bucket.rows++;
      bucket[row.action]++;
    }
  }
  return counts;
}
