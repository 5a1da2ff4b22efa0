// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { lang, t } from '../i18n.js';
import { getToken } from '../session-store.js';
import { conditionList } from '../components/conditions.js';

const ROUTE = '/api/admin/directory-import';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The service's limit (src/directory-import/import-format.ts): a larger file is refused before it is sent. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Rows shown in the report table; the counts above it cover every row. */
const SHOWN_ROWS = 500;
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

class DirectoryImportPage {
  constructor() {
    const fileId = uid('imp');
    this.file = h('input', { id: fileId, name: 'file', type: 'file', accept: '.xlsx,.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
    this.dryRunButton = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'import-dry-run' }, t('import.dryRun'));
    this.notice = h('div', { 'aria-live': 'polite', 'data-testid': 'import-notice' });
    this.reportPanel = h('section', { class: 'panel', 'aria-labelledby': 'import-report-heading', 'data-testid': 'import-report', hidden: true });
    const form = h(
      'form',
      { class: 'field-form', novalidate: true },
      h(
        'div',
        { class: 'field', 'data-field': 'file' },
        h('label', { for: fileId }, t('import.file')),
        this.file,
        h('p', { class: 'field-hint', id: `${fileId}-hint` }, t('import.fileHint')),
      ),
      this.notice,
      h(
        'div',
        { class: 'form-actions' },
        this.dryRunButton,
        h(
          'button',
          { type: 'button', class: 'button-quiet', 'data-testid': 'import-template', onClick: () => void this.downloadTemplate() },
          t('import.template'),
        ),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.dryRun();
    });
    // A report speaks of the file it read: another file needs its own dry run.
    this.file.addEventListener('change', () => {
      this.reportPanel.hidden = true;
      replace(this.notice);
    });
    this.element = h(
      'section',
      { class: 'import-page' },
      h('h1', { tabindex: '-1' }, t('import.title')),
      h('p', { class: 'calendar-intro' }, t('import.intro')),
      h('section', { class: 'panel', 'aria-labelledby': 'import-file-heading' }, h('h2', { id: 'import-file-heading' }, t('import.choose')), form),
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
      const report = await send(`${ROUTE}/dry-run`, file);
      this.showReport(report, file);
    } catch (error) {
      this.refuse(error);
    } finally {
      this.dryRunButton.disabled = false;
    }
  }

  async confirm(file, button) {
    button.disabled = true;
    try {
      const result = await send(ROUTE, file);
      this.showResult(result);
    } catch (error) {
      button.disabled = false;
      if (error instanceof ApiError && error.details?.report) this.showReport(error.details.report, file);
      this.refuse(error);
    }
  }

  showReport(report, file) {
    const { total } = report.counts;
    const canImport = report.ok && total.create > 0;
    const confirm = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'import-confirm' }, t('import.confirm', { count: total.create }));
    confirm.addEventListener('click', () => void this.confirm(file, confirm));
    replace(
      this.reportPanel,
      h('h2', { id: 'import-report-heading', tabindex: '-1' }, t('import.report')),
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
        ? h('div', { class: 'form-actions' }, confirm)
        : h('p', { class: 'muted', 'data-testid': 'import-nothing' }, report.ok ? t('import.nothingToImport') : t('import.fixFirst')),
    );
    this.reportPanel.hidden = false;
    this.reportPanel.querySelector('h2')?.focus();
  }

  showResult(result) {
    const { total } = result.counts;
    const passwords = result.initialPasswords ?? [];
    replace(
      this.reportPanel,
      h('h2', { id: 'import-report-heading', tabindex: '-1' }, t('import.done')),
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
    this.reportPanel.hidden = false;
    this.reportPanel.querySelector('h2')?.focus();
  }

  refuse(error) {
    const notice = h(
      'div',
      { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-testid': 'import-refused' },
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
      const link = h('a', { href: url, download: t('import.templateFile') });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.refuse(error);
    }
  }
}

/** Sends the file itself as the body, typed by its name (a CSV file as text/csv, otherwise .xlsx). */
export async function send(path, file) {
  const token = getToken();
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': /\.csv$/i.test(file.name) || file.type === 'text/csv' ? 'text/csv' : XLSX_TYPE,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: file,
    });
  } catch {
    throw new ApiError(0, { code: 'NETWORK', message: 'network error' });
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
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
