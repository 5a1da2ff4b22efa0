// @ts-check
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { SHOWN_ROWS, SpreadsheetImportPage } from '../components/spreadsheet-import.js';

const SHEETS = ['bodies', 'units', 'cadres', 'accounts'];
/** Rows needing the administrator's eye come first. */
const ACTION_ORDER = { invalid: 0, conflict: 1, create: 2, unchanged: 3 };

/**
 * The system administrator brings an existing directory in (issue 18 §4): choose the file, read
 * the dry run's report row by row (problems per field, conflicts with both values), then confirm
 * the import. The file goes to the service as it is (its body, typed .xlsx or CSV).
 */
export async function directoryImportPage(ctx) {
  ctx.title = t('import.title');
  return new DirectoryImportPage().element;
}

class DirectoryImportPage extends SpreadsheetImportPage {
  constructor() {
    super({
      prefix: 'import',
      route: '/api/admin/directory-import',
      title: 'import.title',
      intro: 'import.intro',
      file: 'import.file',
      fileHint: 'import.fileHint',
      templateFile: 'import.templateFile',
    });
  }

  showReport(report, file) {
    const { total } = report.counts;
    const canImport = report.ok && total.create > 0;
    this.showPanel(
      'import.report',
      h(
        'p',
        { 'data-testid': 'import-summary', class: report.ok ? '' : 'text-error' },
        report.ok ? t('import.summaryOk', total) : t('import.summaryBad', total),
        ' ',
        h('span', { class: 'muted' }, t('import.sha', { sha: report.sha256.slice(0, 16) })),
      ),
      countsTable(report),
      rowsTable(report),
      canImport
        ? h('div', { class: 'form-actions' }, this.confirmButton(file, t('import.confirm', { count: total.create })))
        : h('p', { class: 'muted', 'data-testid': 'import-nothing' }, report.ok ? t('import.nothingToImport') : t('import.fixFirst')),
    );
  }

  showResult(result) {
    const { total } = result.counts;
    const passwords = result.initialPasswords ?? [];
    this.showPanel(
      'import.done',
      h(
        'div',
        { class: 'notice notice-ok', role: 'status', 'data-testid': 'import-result' },
        h('p', {}, result.changed ? t('import.imported', total) : t('import.unchanged', total)),
      ),
      countsTable(result),
      passwords.length > 0
        ? [
            h('h3', {}, t('import.passwords')),
            h('p', { class: 'notice notice-warning' }, t('import.passwordsOnce')),
            h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { 'data-testid': 'import-passwords' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ['login', 'name', 'password'].map((key) => h('th', { scope: 'col' }, t(`import.col.${key}`))),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  passwords.map((item) =>
                    h(
                      'tr',
                      {},
                      h('td', { 'data-label': t('import.col.login') }, item.id),
                      h('td', { 'data-label': t('import.col.name') }, item.displayName),
                      h('td', { 'data-label': t('import.col.password') }, h('code', {}, item.password)),
                    ),
                  ),
                ),
              ),
            ),
          ]
        : null,
    );
  }
}

function countsTable(report) {
  const columns = ['rows', 'create', 'unchanged', 'conflict', 'invalid'];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'import-counts' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('import.col.sheet')),
          columns.map((key) => h('th', { scope: 'col' }, t(`import.count.${key}`))),
        ),
      ),
      h(
        'tbody',
        {},
        [...SHEETS, 'total'].map((sheet) =>
          h(
            'tr',
            { 'data-sheet': sheet },
            h('th', { scope: 'row', 'data-label': t('import.col.sheet') }, t(`import.sheet.${sheet}`)),
            columns.map((key) => h('td', { 'data-label': t(`import.count.${key}`) }, String(report.counts[sheet][key]))),
          ),
        ),
      ),
    ),
  );
}

function rowsTable(report) {
  const rows = report.rows.filter((row) => row.action !== 'unchanged').sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action]);
  if (rows.length === 0) return null;
  const shown = rows.slice(0, SHOWN_ROWS);
  return [
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'data-testid': 'import-rows' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['sheet', 'row', 'id', 'action', 'detail'].map((key) => h('th', { scope: 'col' }, t(`import.col.${key}`))),
          ),
        ),
        h(
          'tbody',
          {},
          shown.map((row) =>
            h(
              'tr',
              { 'data-sheet': row.sheet, 'data-row': row.row, 'data-action': row.action },
              h('td', { 'data-label': t('import.col.sheet') }, t(`import.sheet.${row.sheet}`)),
              h('td', { 'data-label': t('import.col.row') }, String(row.row)),
              h('td', { 'data-label': t('import.col.id') }, row.id),
              h(
                'td',
                { 'data-label': t('import.col.action') },
                h('span', { class: `import-action import-action-${row.action}` }, t(`import.action.${row.action}`)),
              ),
              h('td', { 'data-label': t('import.col.detail') }, detail(row)),
            ),
          ),
        ),
      ),
    ),
    rows.length > shown.length ? h('p', { class: 'muted' }, t('import.more', { count: rows.length - shown.length })) : null,
  ];
}

function detail(row) {
  if (row.problems.length > 0)
    return h(
      'ul',
      { class: 'refusal-conditions' },
      row.problems.map((p) => h('li', { 'data-field': p.field }, lang() === 'en' ? p.en : p.zh)),
    );
  if (row.differences.length > 0) {
    return h(
      'ul',
      { class: 'import-differences' },
      row.differences.map((d) =>
        h('li', { 'data-field': d.field }, t('import.difference', { column: d.column, file: d.file || '—', directory: d.directory || '—' })),
      ),
    );
  }
  return '';
}
