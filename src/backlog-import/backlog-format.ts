import type { ColumnSpec, SheetSpec } from '../directory-import/import-format';

/**
 * The backlog import's sheet (issue 18 §4, second bullet): one row per existing case, with
 * Chinese headers as the offices' own registers have them. `docs/operations.md` ("Importing the
 * backlog of cases") lists the columns and which steps each procedure may be imported into.
 */
export type BacklogSheet = 'cases';

export type BacklogKey =
  | 'originalNo'
  | 'procedure'
  | 'step'
  | 'cadreId'
  | 'cadreName'
  | 'unitId'
  | 'body'
  | 'openedOn'
  | 'stepEnteredOn'
  | 'summary'
  | 'matter'
  | 'grounds'
  | 'channel'
  | 'receivedOn'
  | 'requirement'
  | 'responsible'
  | 'dueDate';

const column = (key: BacklogKey, header: string, en: string, required: boolean, max: number, kind: 'id' | 'text' = 'text'): ColumnSpec => ({
  key,
  header,
  en,
  required,
  max,
  kind,
});

export const BACKLOG_SHEET: SheetSpec<BacklogSheet> = {
  kind: 'cases',
  name: '存量案件',
  en: 'Cases',
  columns: [
    column('originalNo', '原编号', 'original number', true, 64),
    column('procedure', '程序', 'procedure', true, 40),
    column('step', '当前环节', 'current step', true, 40),
    column('cadreId', '当事干部编码', 'cadre id', false, 64, 'id'),
    column('cadreName', '当事干部姓名', 'cadre name', false, 100),
    column('unitId', '所在单位编码', 'unit id', true, 64, 'id'),
    column('body', '办理机关编码', 'body id', true, 64, 'id'),
    column('openedOn', '启动日期', 'opened on', true, 10),
    column('stepEnteredOn', '进入当前环节日期', 'current step entered on', true, 10),
    column('summary', '问题概述', 'summary', false, 2000),
    column('matter', '事项经过', 'what happened', false, 2000),
    column('grounds', '符合容错情形的理由', 'why it fits a tolerance situation', false, 2000),
    column('channel', '信访举报渠道', 'channel', false, 20),
    column('receivedOn', '收到日期', 'date received', false, 10),
    column('requirement', '整改要求', 'rectification requirement', false, 2000),
    column('responsible', '整改责任主体', 'responsible party', false, 20),
    column('dueDate', '整改期限', 'rectification deadline', false, 10),
  ],
  // A reporter's or accuser's identity (and whether a report was signed) lives only in sealed
  // storage, entered in the case by the officer: a spreadsheet column would carry it in the clear.
  forbidden: [
    {
      pattern: /举报人|控告人|检举人|诬告人|实名|匿名/,
      zh: '检举控告人的身份（及是否实名）只能由承办人在案件中登记并密封保存，不能通过导入进入系统，请删除此列',
      en: "a reporter's or accuser's identity (or whether a report was signed) is entered only in the case by the officer and kept sealed, never imported; remove the column",
    },
  ],
};

export const DATE_KEYS: readonly BacklogKey[] = ['openedOn', 'stepEnteredOn', 'receivedOn', 'dueDate'];

/** At most this many cases in one file: each is opened through the engine's numbering in one transaction. */
export const MAX_BACKLOG_ROWS = 2000;
