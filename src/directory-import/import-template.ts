import * as ExcelJS from 'exceljs';
import { MAX_FILE_BYTES, MAX_NEW_ACCOUNTS, MAX_ROWS, NOTES_SHEET, SHEETS, SHEET_ORDER } from './import-format';

/** The template the import page offers: each sheet with its headers (required ones marked *), and the instructions. */
export async function importTemplate(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet(NOTES_SHEET);
  notes.getColumn(1).width = 100;
  for (const line of [
    '干部名录导入说明（本工作表不导入）',
    '工作表依次为“机关”“单位”“干部”“账号”，按此顺序导入：后面的行可以引用前面新建的机关或单位。不需要的工作表可以删除。',
    '第一行是表头，不要修改；带 * 的列必填（表头中的 * 可留可去）。从第二行起每行一条。',
    '编码只能由字母、数字和“.”“-”“_”组成。“类别”填“纪委监委”或“派驻纪检监察组”（不填为纪委监委）。',
    '“干部管理机关编码”不填时为所在单位的所属机关；干部有登录账号的，“登录账号”须与“干部编码”相同。',
    '单元格中不能有公式。名录中已有且内容相同的行不变；已有但内容不同的行作为“冲突”列出，不会覆盖。',
    `每个文件最多 ${MAX_ROWS} 行、${MAX_FILE_BYTES / 1024 / 1024} MB、${MAX_NEW_ACCOUNTS} 个新账号。新账号没有角色（由安全管理员授权），初始密码只在导入结果中显示一次。`,
  ])
    notes.addRow([line]);
  for (const kind of SHEET_ORDER) {
    const spec = SHEETS[kind];
    const sheet = workbook.addWorksheet(spec.name);
    sheet.addRow(spec.columns.map((column) => `${column.header}${column.required ? '*' : ''}`));
    sheet.getRow(1).font = { bold: true };
    spec.columns.forEach((_, index) => (sheet.getColumn(index + 1).width = 18));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
