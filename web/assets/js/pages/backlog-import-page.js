// @ts-check
import { h } from '../dom.js';
import { lang, t } from '../i18n.js';
import { SHOWN_ROWS, SpreadsheetImportPage } from '../components/spreadsheet-import.js';

/** Rows needing the officer's eye come first. */
const ACTION_ORDER = { invalid: 0, create: 1, unchanged: 2 };

/**
 * A case officer brings the body's backlog of existing cases in (issue 18 §4): choose the file,
 * read the dry run's report row by row (problems per column), then confirm; the result lists the
 * case number each row was given. The sibling of the directory import page.
 */
export async function backlogImportPage(ctx) {
  ctx.title = t('backlog.title');
  return new BacklogImportPage().element;
}

class BacklogImportPage extends SpreadsheetImportPage {
  constructor() {
    super({
      prefix: 'backlog',
      route: '/api/backlog-import',
      title: 'backlog.title',
      intro: 'backlog.intro',
      file: 'backlog.file',
      fileHint: 'backlog.fileHint',
      templateFile: 'backlog.templateFile',
    });
  }

  showReport(report, file) {
    const { counts } = report;
    this.showPanel(
      'import.report',
      h(
        'p',
        { 'data-testid': 'backlog-summary', class: report.ok ? '' : 'text-error' },
        report.ok ? t('backlog.summaryOk', counts) : t('backlog.summaryBad', counts),
      ),
      rowsTable(report.rows.filter((row) => row.action !== 'unchanged')),
      report.ok && counts.create > 0
        ? h('div', { class: 'form-actions' }, this.confirmButton(file, t('backlog.confirm', { count: counts.create })))
        : h('p', { class: 'muted', 'data-testid': 'backlog-nothing' }, report.ok ? t('backlog.nothingToImport') : t('import.fixFirst')),
    );
  }

  showResult(result) {
    this.showPanel(
      'import.done',
      h(
        'div',
        { class: 'notice notice-ok', role: 'status', 'data-testid': 'backlog-result' },
        h(
          'p',
          {},
          result.changed
            ? t('backlog.imported', { created: result.created.length, unchanged: result.counts.unchanged })
            : t('backlog.unchanged', result.counts),
        ),
      ),
      result.created.length > 0
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { 'data-testid': 'backlog-created' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['row', 'originalNo', 'caseNo'].map((key) => h('th', { scope: 'col' }, t(`backlog.col.${key}`))),
                ),
              ),
              h(
                'tbody',
                {},
                result.created.map((item) =>
                  h(
                    'tr',
                    {},
                    h('td', { 'data-label': t('backlog.col.row') }, String(item.row)),
                    h('td', { 'data-label': t('backlog.col.originalNo') }, item.originalNo),
                    h('td', { 'data-label': t('backlog.col.caseNo') }, h('a', { href: `/app/cases/${item.caseId}`, 'data-link': '' }, item.caseNo)),
                  ),
                ),
              ),
            ),
          )
        : null,
    );
  }
}

function rowsTable(all) {
  const rows = [...all].sort((a, b) => ACTION_ORDER[a.action] - ACTION_ORDER[b.action] || a.row - b.row);
  if (rows.length === 0) return null;
  const shown = rows.slice(0, SHOWN_ROWS);
  return [
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'data-testid': 'backlog-rows' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['row', 'originalNo', 'step', 'action', 'detail'].map((key) => h('th', { scope: 'col' }, t(`backlog.col.${key}`))),
          ),
        ),
        h(
          'tbody',
          {},
          shown.map((row) =>
            h(
              'tr',
              { 'data-row': row.row, 'data-action': row.action },
              h('td', { 'data-label': t('backlog.col.row') }, String(row.row)),
              h('td', { 'data-label': t('backlog.col.originalNo') }, row.originalNo || '—'),
              h('td', { 'data-label': t('backlog.col.step') }, [row.procedure, row.step].filter(Boolean).join(' · ') || '—'),
              h(
                'td',
                { 'data-label': t('backlog.col.action') },
                h('span', { class: `import-action import-action-${row.action}` }, t(`backlog.action.${row.action}`)),
              ),
              h(
                'td',
                { 'data-label': t('backlog.col.detail') },
                row.problems.length > 0
                  ? h(
                      'ul',
                      { class: 'refusal-conditions' },
                      row.problems.map((p) => h('li', { 'data-field': p.field }, lang() === 'en' ? p.en : p.zh)),
                    )
                  : '',
              ),
            ),
          ),
        ),
      ),
    ),
    rows.length > shown.length ? h('p', { class: 'muted' }, t('import.more', { count: rows.length - shown.length })) : null,
  ];
}
