/**
 * The directory import's file format (issue 18 §4): up to four sheets, read in this order so that
 * a row may name a body or unit created by an earlier row of the same file. Headers are Chinese,
 * as the offices' own spreadsheets are; `docs/operations.md` ("Importing the directory") lists them.
 */
export type SheetKind = 'bodies' | 'units' | 'cadres' | 'accounts';

export const SHEET_ORDER: readonly SheetKind[] = ['bodies', 'units', 'cadres', 'accounts'];

/** How a cell is checked: an id (letters, digits, `.`, `-`, `_`), free text, or a closed list. */
export type CellKind = 'id' | 'loginId' | 'text' | 'shortName' | 'bodyKind' | 'initials';

export interface ColumnSpec {
  key: string;
  header: string;
  en: string;
  required: boolean;
  max: number;
  kind: CellKind;
}

export interface SheetSpec<K extends string = SheetKind> {
  kind: K;
  /** The worksheet's name in an .xlsx file. */
  name: string;
  en: string;
  columns: ColumnSpec[];
  /**
   * Columns refused by what they would carry, with the reason (the backlog of cases: a reporter's
   * identity never comes in through an import): named in the refusal rather than as unknown.
   */
  forbidden?: Array<{ pattern: RegExp; zh: string; en: string }>;
}

const column = (key: string, header: string, en: string, required: boolean, max: number, kind: CellKind): ColumnSpec => ({
  key,
  header,
  en,
  required,
  max,
  kind,
});

export const SHEETS: Record<SheetKind, SheetSpec> = {
  bodies: {
    kind: 'bodies',
    name: '机关',
    en: 'Bodies',
    columns: [
      column('id', '机关编码', 'body id', true, 64, 'id'),
      column('name', '机关名称', 'body name', true, 100, 'text'),
      column('shortName', '简称', 'short name', true, 20, 'shortName'),
      column('kind', '类别', 'kind', false, 20, 'bodyKind'),
      column('parentId', '上级机关编码', 'parent body id', false, 64, 'id'),
    ],
  },
  units: {
    kind: 'units',
    name: '单位',
    en: 'Units',
    columns: [
      column('id', '单位编码', 'unit id', true, 64, 'id'),
      column('name', '单位名称', 'unit name', true, 100, 'text'),
      column('jurisdiction', '所属机关编码', 'supervising body id', true, 64, 'id'),
    ],
  },
  cadres: {
    kind: 'cadres',
    name: '干部',
    en: 'Cadres',
    columns: [
      column('id', '干部编码', 'cadre id', true, 64, 'id'),
      column('name', '姓名', 'name', true, 100, 'text'),
      column('position', '职务', 'position', false, 100, 'text'),
      column('rank', '职级', 'rank', false, 40, 'text'),
      column('unitId', '所在单位编码', 'unit id', true, 64, 'id'),
      column('managingBody', '干部管理机关编码', 'managing body id', false, 64, 'id'),
      column('userId', '登录账号', 'login', false, 64, 'loginId'),
      column('initials', '拼音首字母', 'pinyin initials', false, 20, 'initials'),
    ],
  },
  accounts: {
    kind: 'accounts',
    name: '账号',
    en: 'Accounts',
    columns: [
      column('id', '登录账号', 'login', true, 64, 'loginId'),
      column('displayName', '姓名', 'name', true, 100, 'text'),
      column('unitId', '所在单位编码', 'unit id', false, 64, 'id'),
    ],
  },
};

/** The two kinds of body, as the sheet writes them. */
export const BODY_KINDS: Record<string, 'commission' | 'stationed'> = { 纪委监委: 'commission', 派驻纪检监察组: 'stationed' };

/** A worksheet of this name is read by people, not imported (the template's instructions). */
export const NOTES_SHEET = '说明';

/** At most this many data rows in one file (all sheets together). */
export const MAX_ROWS = 10_000;
/**
 * At most this many new accounts in one file: each gets its initial password hashed with Argon2id
 * (tens of milliseconds each), which one request should not hold for minutes.
 */
export const MAX_NEW_ACCOUNTS = 500;
/** At most this many bytes in one upload. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv';
