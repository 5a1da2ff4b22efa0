import * as ExcelJS from 'exceljs';
import type { ProcedureRegistry } from '../../workflows/core';
import { MAX_FILE_BYTES, NOTES_SHEET } from '../directory-import/import-format';
import { BACKLOG_SHEET, MAX_BACKLOG_ROWS } from './backlog-format';
import { IMPORTABLE_STEPS } from './backlog-steps';

/** The columns each importable step needs besides the common ones, as the template lists them. */
export function importableStepLines(registry: ProcedureRegistry): string[] {
  return IMPORTABLE_STEPS.map((step) => {
    const definition = registry.latest(step.procedure)!;
    const needs = step.required.map((key) => `“${BACKLOG_SHEET.columns.find((column) => column.key === key)!.header}”`).join('、');
    return `“${definition.label.zh}”—“${definition.states[step.state].label.zh}”：另须填写 ${needs}`;
  });
}

/** The template the import page offers: the sheet with its headers (required ones marked *), the instructions and the importable steps. */
export async function backlogTemplate(registry: ProcedureRegistry): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.getColumn(1).width = 110;
  for (const line of [
    '存量案件导入说明（本工作表不导入）',
    '“存量案件”工作表每行一件案件；第一行是表头，不要修改；带 * 的列必填（表头中的 * 可留可去）。',
    '“程序”“当前环节”填写系统中的名称（如“纠错”“待提交整改方案”）。只有下列环节可以导入，其他环节请在系统中办理或待办结后归档：',
    ...importableStepLines(registry).map((line) => `  ${line}`),
    '当事干部填“当事干部编码”，或填“当事干部姓名”并由“所在单位编码”确定唯一一名干部；单位须归“办理机关编码”所填机关监督，且该机关须在您的授权范围内。',
    '日期一律写成“年-月-日”（如 2025-03-18），不能晚于今天；“进入当前环节日期”不能早于“启动日期”。期限从“进入当前环节日期”起算，已过期的案件导入后即显示超期。',
    '检举控告人的姓名、联系方式、账号及是否实名不能导入：这些信息只能由承办人在案件中登记并密封保存。诬告陷害查处案件不能导入。',
    '单元格中不能有公式。每行按内容计算 SHA-256 摘要：再次导入相同的行不会重复建案。',
    `每个文件最多 ${MAX_BACKLOG_ROWS} 行、${MAX_FILE_BYTES / 1024 / 1024} MB。导入要么全部成功，要么（有任何一行不符合要求时）一件也不导入。`,
  ])
    notes.addRow([line]);
  const sheet = workbook.addWorksheet(BACKLOG_SHEET.name);
  sheet.addRow(BACKLOG_SHEET.columns.map((column) => `${column.header}${column.required ? '*' : ''}`));
  sheet.getRow(1).font = { bold: true };
  BACKLOG_SHEET.columns.forEach((_, index) => (sheet.getColumn(index + 1).width = 18));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
