import { createHash } from 'node:crypto';
import { officeDayOf, type Label, type ProcedureDefinition, type ProcedureRegistry, type UnmetCondition } from '../../workflows/core';
import type { AuthUser } from '../identity/auth-user';
import type { ParsedFile } from '../directory-import/spreadsheet-reader';
import { canonicalJson } from '../trail/canonical-json';
import { BACKLOG_SHEET, DATE_KEYS, type BacklogKey, type BacklogSheet } from './backlog-format';
import { CHANNEL_LABELS } from '../../workflows/clarification/clarification.fields';
import { RESPONSIBLE_LABELS } from '../../workflows/correction/correction.fields';
import { buildCase, IMPORTABLE_STEPS, keyOfLabel, type BacklogRow, type BuiltCase, type ImportableStep } from './backlog-steps';

/** What the database holds for the ids and names the file gives (read before planning). */
export interface BacklogLookups {
  importedRows: Set<string>;
  /** Original numbers already imported (from another version of their row): the case exists. */
  importedNumbers: Set<string>;
  units: Map<string, { jurisdiction: string }>;
  bodies: Set<string>;
  cadres: Map<string, { unitId: string }>;
  /** Cadres by exact name: the ids of every cadre of that name, with their unit. */
  cadresByName: Map<string, Array<{ id: string; unitId: string }>>;
}

export interface BacklogProblem {
  field: BacklogKey | '(row)';
  column: string;
  code: string;
  zh: string;
  en: string;
}

export interface BacklogReportRow {
  row: number;
  originalNo: string;
  /** create: would become a new case; unchanged: imported before (same source row); invalid: see problems. */
  action: 'create' | 'unchanged' | 'invalid';
  procedure: string;
  step: string;
  problems: BacklogProblem[];
}

export interface BacklogReport {
  format: 'xlsx' | 'csv';
  sha256: string;
  ok: boolean;
  counts: { rows: number; create: number; unchanged: number; invalid: number };
  rows: BacklogReportRow[];
}

/** A case the import would write. */
export interface PlannedCase {
  row: number;
  originalNo: string;
  sourceSha256: string;
  definition: ProcedureDefinition;
  step: ImportableStep;
  built: BuiltCase;
  cadreId: string;
  unitId: string;
  jurisdiction: string;
  openedOn: string;
  stepEnteredOn: string;
  stepEnteredAt: string;
}

/** Columns whose value is one of a closed list, written as its Chinese (or English) label. */
const CHOICES: Partial<Record<BacklogKey, Record<string, Label>>> = { channel: CHANNEL_LABELS, responsible: RESPONSIBLE_LABELS };

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CONTROL = /\p{Cc}/u;
const headerOf = (key: BacklogKey) => BACKLOG_SHEET.columns.find((column) => column.key === key)!.header;
const enOf = (key: BacklogKey) => BACKLOG_SHEET.columns.find((column) => column.key === key)!.en;

/** The SHA-256 of a row's values as canonical JSON (keys sorted, empty cells left out): the same case in another file, or at another line, hashes the same. */
export function sourceRowSha256(values: Record<string, string>): string {
  const present = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));
  return createHash('sha256').update(canonicalJson(present)).digest('hex');
}

/** A step's day as an instant: 09:00 China time, the office's working morning. */
export function dayStart(day: string): string {
  return new Date(`${day}T09:00:00+08:00`).toISOString();
}

/**
 * Checks every row against the format, the directory, the importer's scope and the procedure's
 * own machine (the route of backlog-steps.ts is run for each row), and says what the import would
 * do with it. Pure: the dry run and the import share it, the import running it again inside its
 * transaction.
 */
export function planBacklog(
  file: ParsedFile<BacklogSheet>,
  sha256: string,
  registry: ProcedureRegistry,
  importer: AuthUser,
  lookups: BacklogLookups,
  now: string,
): { report: BacklogReport; cases: PlannedCase[] } {
  const rows: BacklogReportRow[] = [];
  const cases: PlannedCase[] = [];
  const seen = new Map<string, number>();
  const seenNumbers = new Map<string, number>();
  const today = officeDayOf(now);
  for (const parsed of file.sheets.flatMap((sheet) => sheet.rows)) {
    const row = Object.fromEntries(BACKLOG_SHEET.columns.map((column) => [column.key, parsed.values[column.key] ?? ''])) as BacklogRow;
    const problems: BacklogProblem[] = [];
    const problem = (field: BacklogKey | '(row)', code: string, zh: string, en: string) =>
      problems.push({ field, column: field === '(row)' ? '' : headerOf(field), code, zh, en });
    const hash = sourceRowSha256(parsed.values);
    const report: BacklogReportRow = { row: parsed.row, originalNo: row.originalNo, action: 'invalid', procedure: row.procedure, step: row.step, problems };
    rows.push(report);

    const twin = seen.get(hash);
    if (twin !== undefined) {
      problem('(row)', 'import.duplicateRow', `与第 ${twin} 行完全相同：同一案件只能填写一行`, `Identical to row ${twin}: a case takes one row`);
      continue;
    }
    seen.set(hash, parsed.row);
    if (lookups.importedRows.has(hash)) {
      report.action = 'unchanged';
      continue;
    }
    // The cells themselves: required, length, form.
    for (const column of BACKLOG_SHEET.columns) {
      const value = row[column.key as BacklogKey];
      const key = column.key as BacklogKey;
      if (column.required && value === '') problem(key, 'import.required', `“${column.header}”必须填写`, `${column.en} is required`);
      else if (value.length > column.max)
        problem(key, 'import.tooLong', `“${column.header}”超过 ${column.max} 个字`, `${column.en} is longer than ${column.max} characters`);
      else if (CONTROL.test(value)) problem(key, 'import.control', `“${column.header}”含有控制字符`, `${column.en} holds control characters`);
      else if (column.kind === 'id' && value !== '' && !ID.test(value)) {
        problem(key, 'import.badId', `“${column.header}”只能由字母、数字和“.”“-”“_”组成`, `${column.en} may hold only letters, digits, ".", "-" and "_"`);
      }
    }
    for (const key of DATE_KEYS) {
      const value = row[key];
      if (value === '') continue;
      if (!DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
        problem(key, 'import.badDate', `“${headerOf(key)}”应为“年-月-日”格式的日期，如 2025-03-18`, `${enOf(key)} must be a date written YYYY-MM-DD`);
      } else if (key !== 'dueDate' && value > today) {
        problem(key, 'date.inFuture', `“${headerOf(key)}”（${value}）晚于今天（${today}）`, `${enOf(key)} (${value}) is later than today (${today})`);
      }
    }
    if (DAY.test(row.openedOn) && DAY.test(row.stepEnteredOn) && row.stepEnteredOn < row.openedOn) {
      problem(
        'stepEnteredOn',
        'import.datesOutOfOrder',
        `“进入当前环节日期”（${row.stepEnteredOn}）早于“启动日期”（${row.openedOn}）`,
        `The current step was entered (${row.stepEnteredOn}) before the case was opened (${row.openedOn})`,
      );
    }
    if (DAY.test(row.receivedOn) && DAY.test(row.openedOn) && row.receivedOn > row.openedOn) {
      problem(
        'receivedOn',
        'import.datesOutOfOrder',
        `“收到日期”（${row.receivedOn}）晚于“启动日期”（${row.openedOn}）`,
        `Received (${row.receivedOn}) after the case was opened (${row.openedOn})`,
      );
    }
    if (row.originalNo !== '') {
      const earlier = seenNumbers.get(row.originalNo);
      if (earlier !== undefined) problem('originalNo', 'import.duplicateNo', `原编号与第 ${earlier} 行相同`, `The original number repeats row ${earlier}`);
      else seenNumbers.set(row.originalNo, parsed.row);
      // The same case with a corrected row would hash differently: its number says it is in already.
      if (lookups.importedNumbers.has(row.originalNo)) {
        problem(
          'originalNo',
          'import.originalNoImported',
          `原编号“${row.originalNo}”的案件此前已导入（本行内容与当时不同）：请在系统中查看并办理该案件，不要再次导入`,
          `A case with the original number ${row.originalNo} was imported before (from a different row): find it in the service rather than importing it again`,
        );
      }
    }

    // The procedure and the step.
    const definition =
      row.procedure === '' ? undefined : registry.all().find((d) => d.id === row.procedure || d.label.zh === row.procedure || d.label.en === row.procedure);
    let step: ImportableStep | undefined;
    if (row.procedure !== '' && !definition) {
      problem(
        'procedure',
        'import.unknownProcedure',
        `没有名为“${row.procedure}”的程序：应为 ${procedureNames('zh')} 之一`,
        `No procedure "${row.procedure}": one of ${procedureNames('en')}`,
      );
    } else if (definition) {
      const steps = IMPORTABLE_STEPS.filter((candidate) => candidate.procedure === definition.id);
      if (steps.length === 0) {
        problem(
          'procedure',
          'import.procedureNotImportable',
          `“${definition.label.zh}”案件不能导入：${notImportableWhy(definition.id, 'zh')}`,
          `${definition.label.en} cases cannot be imported: ${notImportableWhy(definition.id, 'en')}`,
        );
      } else if (row.step !== '') {
        const state = Object.entries(definition.states).find(([id, spec]) => id === row.step || spec.label.zh === row.step || spec.label.en === row.step)?.[0];
        const names = (lang: 'zh' | 'en') =>
          steps
            .map((candidate) => (lang === 'zh' ? `“${definition.states[candidate.state].label.zh}”` : definition.states[candidate.state].label.en))
            .join(lang === 'zh' ? '、' : ', ');
        step = steps.find((candidate) => candidate.state === state);
        if (!state) {
          problem(
            'step',
            'import.unknownStep',
            `“${definition.label.zh}”程序没有“${row.step}”这一环节：可导入的环节为 ${names('zh')}`,
            `${definition.label.en} has no step "${row.step}": importable steps are ${names('en')}`,
          );
        } else if (!step) {
          const label = definition.states[state].label;
          problem(
            'step',
            'import.stepNotImportable',
            `“${label.zh}”环节不能导入（本行无法提供该环节所需的记录）：可导入的环节为 ${names('zh')}`,
            `The step ${label.en} cannot be imported (a row cannot carry what it needs): importable steps are ${names('en')}`,
          );
        }
      }
    }
    for (const [key, labels] of Object.entries(CHOICES) as Array<[BacklogKey, Record<string, Label>]>) {
      if (row[key] !== '' && !(keyOfLabel(labels, row[key]) in labels)) {
        const names = Object.values(labels);
        problem(
          key,
          'import.notInList',
          `“${headerOf(key)}”应为 ${names.map((label) => `“${label.zh}”`).join('、')} 之一`,
          `${enOf(key)} must be one of ${names.map((label) => label.en).join(', ')}`,
        );
      }
    }
    if (step) {
      for (const key of step.required) {
        if (row[key] === '')
          problem(key, 'import.required', `“${headerOf(key)}”必须填写（${definition!.states[step.state].label.zh}）`, `${enOf(key)} is required for this step`);
      }
    }

    // The directory and the importer's scope.
    const unit = row.unitId === '' ? undefined : lookups.units.get(row.unitId);
    if (row.unitId !== '' && !unit)
      problem('unitId', 'directory.unknownUnit', `名录中没有编码为“${row.unitId}”的单位`, `No unit ${row.unitId} in the directory`);
    if (row.body !== '') {
      if (!lookups.bodies.has(row.body))
        problem('body', 'directory.unknownBody', `名录中没有编码为“${row.body}”的机关`, `No body ${row.body} in the directory`);
      else if (!mayImportFor(importer, row.body)) {
        problem(
          'body',
          'import.bodyOutOfScope',
          `机关“${row.body}”不在您的授权范围内：只能导入本机关的案件`,
          `The body ${row.body} is outside your grant: you import your own body's cases only`,
        );
      } else if (unit && unit.jurisdiction !== row.body) {
        problem(
          'unitId',
          'import.unitOfOtherBody',
          `单位“${row.unitId}”不归机关“${row.body}”监督`,
          `The unit ${row.unitId} is not supervised by the body ${row.body}`,
        );
      }
    }
    const cadreId = resolveCadre(row, lookups, problem);

    if (problems.length > 0 || !definition || !step || !cadreId || !unit) continue;
    const resolved = { ...row, cadreId };
    const times = { opened: dayStart(row.openedOn), step: dayStart(row.stepEnteredOn) };
    const { built, unmet } = buildCase(definition, step, resolved, importer.id, times);
    for (const condition of unmet) problem(columnOf(condition), condition.code, condition.zh, condition.en);
    if (!built) continue;
    report.action = 'create';
    cases.push({
      row: parsed.row,
      originalNo: row.originalNo,
      sourceSha256: hash,
      definition,
      step,
      built,
      cadreId,
      unitId: row.unitId,
      jurisdiction: unit.jurisdiction,
      openedOn: row.openedOn,
      stepEnteredOn: row.stepEnteredOn,
      stepEnteredAt: times.step,
    });
  }
  const count = (action: BacklogReportRow['action']) => rows.filter((row) => row.action === action).length;
  const counts = { rows: rows.length, create: count('create'), unchanged: count('unchanged'), invalid: count('invalid') };
  return { report: { format: file.format, sha256, ok: counts.invalid === 0, counts, rows }, cases };

  function procedureNames(lang: 'zh' | 'en'): string {
    const importable = [...new Set(IMPORTABLE_STEPS.map((candidate) => candidate.procedure))].map((id) => registry.latest(id)!.label);
    return lang === 'zh' ? importable.map((label) => `“${label.zh}”`).join('、') : importable.map((label) => label.en).join(', ');
  }
}

/** An officer imports for the body their grant names (staff act on their own body's cases only, issue 18 §3). */
export function mayImportFor(importer: AuthUser, body: string): boolean {
  return importer.roles.some((grant) => grant.role === 'officer' && (grant.scope === '*' || grant.scope === body));
}

function notImportableWhy(procedure: string, lang: 'zh' | 'en'): string {
  if (procedure === 'falseAccusation') {
    return lang === 'zh'
      ? '诬告陷害查处案件须记载检举控告人的身份（密封保存），只能由澄清正名案件在系统中移送启动'
      : 'such a case names the accuser (kept sealed), so it is opened only from a clarification case in the service';
  }
  return lang === 'zh' ? '该程序尚无可由一行表格构建的环节，请在系统中登记' : 'no step of it can be built from one row; enter it in the service';
}

/** The cadre the row names: by id, or by name within the row's unit (exactly one). */
function resolveCadre(
  row: BacklogRow,
  lookups: BacklogLookups,
  problem: (field: BacklogKey, code: string, zh: string, en: string) => void,
): string | undefined {
  if (row.cadreId !== '') {
    if (lookups.cadres.has(row.cadreId)) return row.cadreId;
    problem('cadreId', 'directory.unknownCadre', `干部名录中没有编码为“${row.cadreId}”的干部`, `No cadre ${row.cadreId} in the directory`);
    return undefined;
  }
  if (row.cadreName === '') {
    problem('cadreId', 'import.required', '“当事干部编码”或“当事干部姓名”须填写其一', 'Give the cadre id, or the cadre name with the unit');
    return undefined;
  }
  const named = (lookups.cadresByName.get(row.cadreName) ?? []).filter((cadre) => cadre.unitId === row.unitId);
  if (named.length === 1) return named[0].id;
  if (named.length === 0) {
    problem(
      'cadreName',
      'directory.unknownCadre',
      `单位“${row.unitId}”中没有名为“${row.cadreName}”的干部`,
      `No cadre named ${row.cadreName} in the unit ${row.unitId}`,
    );
  } else {
    problem(
      'cadreName',
      'import.ambiguousCadre',
      `单位“${row.unitId}”中有 ${named.length} 名干部名为“${row.cadreName}”：请改填“当事干部编码”`,
      `${named.length} cadres named ${row.cadreName} in the unit ${row.unitId}: give the cadre id instead`,
    );
  }
  return undefined;
}

/** The column a machine's condition names (`items[0].dueDate` → 整改期限), or the step. */
function columnOf(condition: UnmetCondition): BacklogKey {
  const field = (condition.field ?? '').replace(/^items\[\d+\]\./, '');
  return BACKLOG_SHEET.columns.some((column) => column.key === field) ? (field as BacklogKey) : 'step';
}
