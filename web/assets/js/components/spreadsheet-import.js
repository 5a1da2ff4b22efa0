// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { getToken } from '../session-store.js';
import { conditionList } from './conditions.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The service's limit (src/directory-import/import-format.ts): a larger file is refused before it is sent. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Rows shown in a report table; the counts above it cover every row. */
export const SHOWN_ROWS = 500;

/**
 * @typedef {object} ImportWording
 * @property {string} prefix the page's test ids and heading ids (`${prefix}-dry-run`, `${prefix}-report-heading`, …)
 * @property {string} route the import's API route; `/dry-run` and `/template` below it
 * @property {string} title message key of the page's title
 * @property {string} intro message key of the paragraph under it
 * @property {string} file message key of the file field's label
 * @property {string} fileHint message key of the file field's hint
 * @property {string} templateFile message key of the template's file name
 */

/**
 * The shape both spreadsheet imports share (the directory, issue 18 §4, and the backlog of cases):
 * choose the file, read the dry run's report row by row, then confirm; the file goes to the
 * service as it is (its body, typed .xlsx or CSV). A page says what its report and result show
 * (`showReport`, `showResult`); choosing, sending, refusing and the template are here.
 */
export class SpreadsheetImportPage {
  /** @param {ImportWording} wording */
  constructor(wording) {
    this.wording = wording;
    const { prefix } = wording;
    const fileId = uid(prefix);
    this.file = h('input', { id: fileId, name: 'file', type: 'file', accept: '.xlsx,.csv,text/csv', 'aria-describedby': `${fileId}-hint` });
    this.dryRunButton = h('button', { type: 'submit', class: 'button-primary', 'data-testid': `${prefix}-dry-run` }, t('import.dryRun'));
    this.notice = h('div', { 'aria-live': 'polite', 'data-testid': `${prefix}-notice` });
    this.reportPanel = h('section', { class: 'panel', 'aria-labelledby': `${prefix}-report-heading`, 'data-testid': `${prefix}-report`, hidden: true });
    const form = h(
      'form',
      { class: 'field-form', novalidate: true },
      h(
        'div',
        { class: 'field', 'data-field': 'file' },
        h('label', { for: fileId }, t(wording.file)),
        this.file,
        h('p', { class: 'field-hint', id: `${fileId}-hint` }, t(wording.fileHint)),
      ),
      this.notice,
      h(
        'div',
        { class: 'form-actions' },
        this.dryRunButton,
        h(
          'button',
          { type: 'button', class: 'button-quiet', 'data-testid': `${prefix}-template`, onClick: () => void this.downloadTemplate() },
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
      h('h1', { tabindex: '-1' }, t(wording.title)),
      h('p', { class: 'calendar-intro' }, t(wording.intro)),
      h('section', { class: 'panel', 'aria-labelledby': `${prefix}-file-heading` }, h('h2', { id: `${prefix}-file-heading` }, t('import.choose')), form),
      this.reportPanel,
    );
  }

  /**
   * The dry run's report (what a confirm would do, row by row); `file` is what a confirm sends.
   * @param {any} _report
   * @param {File} _file
   */
  showReport(_report, _file) {
    throw new Error('a spreadsheet import page shows its own report');
  }

  /** @param {any} _result the import's answer */
  showResult(_result) {
    throw new Error('a spreadsheet import page shows its own result');
  }

  /**
   * Fills the report panel under a heading and brings the reader to it.
   * @param {string} headingKey
   * @param {...any} content
   */
  showPanel(headingKey, ...content) {
    replace(this.reportPanel, h('h2', { id: `${this.wording.prefix}-report-heading`, tabindex: '-1' }, t(headingKey)), ...content);
    this.reportPanel.hidden = false;
    this.reportPanel.querySelector('h2')?.focus();
  }

  /** The confirm button under a report: it sends the same file for real. */
  confirmButton(file, text) {
    const button = h('button', { type: 'button', class: 'button-primary', 'data-testid': `${this.wording.prefix}-confirm` }, text);
    button.addEventListener('click', () => void this.confirm(file, button));
    return button;
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
      this.showReport(await send(`${this.wording.route}/dry-run`, file), file);
    } catch (error) {
      this.refuse(error);
    } finally {
      this.dryRunButton.disabled = false;
    }
  }

  async confirm(file, button) {
    button.disabled = true;
    try {
      this.showResult(await send(this.wording.route, file));
    } catch (error) {
      button.disabled = false;
      // A file that changed meanwhile comes back with its new report: shown with the refusal.
      if (error instanceof ApiError && error.details?.report) this.showReport(error.details.report, file);
      this.refuse(error);
    }
  }

  refuse(error) {
    const notice = h(
      'div',
      { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-testid': `${this.wording.prefix}-refused` },
      h('p', {}, error?.code && error.code !== 'NETWORK' ? t(`code.${error.code}`) : t('import.failed')),
      conditionList(error),
    );
    replace(this.notice, notice);
    notice.focus();
  }

  async downloadTemplate() {
    try {
      const response = await api(`${this.wording.route}/template`, { raw: true, headers: { accept: XLSX_TYPE } });
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: t(this.wording.templateFile) });
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
