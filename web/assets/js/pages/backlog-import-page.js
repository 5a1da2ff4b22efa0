// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { lang, t } from '../i18n.js';
import { conditionList } from '../components/conditions.js';
import { send } from './directory-import-page.js';

const ROUTE = '/api/backlog-import';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The service's limit (src/directory-import/import-format.ts): a larger file is refused before it is sent. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Rows shown in the report table; the counts above it cover every row. */
const SHOWN_ROWS = 500;
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

class BacklogImportPage {
  constructor() {
    const fileId = uid('backlog');
    this.file = h('input', { id: fileId, name: 'file', type: 'file', accept: '.xlsx,.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
    this.dryRunButton = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'backlog-dry-run' }, t('import.dryRun'));
    this.notice = h('div', { 'aria-live': 'polite', 'data-testid': 'backlog-notice' });
    this.reportPanel = h('section', { class: 'panel', 'aria-labelledby': 'backlog-report-heading', 'data-testid': 'backlog-report', hidden: true });
    const form = h(
      'form',
      { class: 'field-form', novalidate: true },
      h(
        'div',
        { class: 'field', 'data-field': 'file' },
        h('label', { for: fileId }, t('backlog.file')),
        this.file,
        h('p', { class: 'field-hint', id: `${fileId}-hint` }, t('backlog.fileHint')),
      ),
      this.notice,
      h(
        'div',
        { class: 'form-actions' },
        this.dryRunButton,
        h(
          'button',
          { type: 'button', class: 'button-quiet', 'data-testid': 'backlog-template', onClick: () => void this.downloadTemplate() },
          t('import.template'),
        ),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.dryRun();
    });
    this.file.addEventListener('change', () => {
      this.reportPanel.hidden = true;
      replace(this.notice);
    });
    this.element = h(
      'section',
      { class: 'import-page' },
      h('h1', { tabindex: '-1' }, t('backlog.title')),
      h('p', { class: 'calendar-intro' }, t('backlog.intro')),
      h('section', { class: 'panel', 'aria-labelledby': 'backlog-file-heading' }, h('h2', { id: 'backlog-file-heading' }, t('import.choose')), form),
      this.reportPanel,
    );
  }

  chosen() {
    const file = this.file.files?.[0];
    if (!file) {
      this.refuse({ details: { conditions: [{ code: 'import.noFile', zh: t('import.noFile'), en: t('import.noFile') }] } });
      return undefined;
    }
    if (file.size > MAX_FILE_BYTES) {
      this.refuse({ details: { conditions: [{ code: 'import.tooLarge', zh: t('import.tooLarge'), en: t('import.tooLarge') }] } });
      return undefined;
    }
    return file;
  }

  async dryRun() {
    const file = this.chosen();
    if (!file) return;
    replace(this.notice);
    this.reportPanel.hidden = true;
    this.dryRunButton.disabled = true;
    try {
      this.showReport(await send(`${ROUTE}/dry-run`, file), file);
    } catch (error) {
      this.refuse(error);
    } finally {
      this.dryRunButton.disabled = false;
    }
  }

  async confirm(file, button) {
    button.disabled = true;
    try {
      this.showResult(await send(ROUTE, file));
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && error.details?.report) this.showReport(error.details.report, file);
      this.refuse(error);
    }
  }

  showReport(report, file) {
    const { counts } = report;
    const confirm = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'backlog-confirm' }, t('backlog.confirm', { count: counts.create }));
    confirm.addEventListener('click', () => void this.confirm(file, confirm));
    replace(
      this.reportPanel,
      h('h2', { id: 'backlog-report-heading', tabindex: '-1' }, t('import.report')),
      h(
        'p',
        { 'data-testid': 'backlog-summary', class: report.ok ? '' : 'text-error' },
        report.ok ? t('backlog.summaryOk', counts) : t('backlog.summaryBad', counts),
      ),
      rowsTable(report.rows.filter((row) => row.action !== 'unchanged')),
      report.ok && counts.create > 0
        ? h('div', { class: 'form-actions' }, confirm)
        : h('p', { class: 'muted', 'data-testid': 'backlog-nothing' }, report.ok ? t('backlog.nothingToImport') : t('import.fixFirst')),
    );
    this.reportPanel.hidden = false;
    this.reportPanel.querySelector('h2')?.focus();
  }

  showResult(result) {
    replace(
      this.reportPanel,
      h('h2', { id: 'backlog-report-heading', tabindex: '-1' }, t('import.done')),
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
    this.reportPanel.hidden = false;
    this.reportPanel.querySelector('h2')?.focus();
  }

  refuse(error) {
    const notice = h(
      'div',
      { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-testid': 'backlog-refused' },
      h('p', {}, error?.code && error.code !== 'NETWORK' ? t(`code.${error.code}`) : t('import.failed')),
      conditionList(error),
    );
    replace(this.notice, notice);
    notice.focus();
  }

  async downloadTemplate() {
    try {
      const response = await api(`${ROUTE}/template`, { raw: true, headers: { accept: XLSX_TYPE } });
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: t('backlog.templateFile') });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.refuse(error);
    }
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
