// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { lang, t } from '../i18n.js';
import { dateTime } from '../format.js';
import { getUser } from '../session.js';
import { conditionList } from '../components/conditions.js';
import { renderCalendarBanner } from '../components/calendar-banner.js';
import { toast } from '../toast.js';

/** The service refuses larger bodies (413); the page says so before sending megabytes. */
const BODY_LIMIT_BYTES = 256 * 1024;
/** Years older than this many before the current one are folded into one line. */
const RECENT_YEARS = 2;

/**
 * The system administrator's working calendar: which years are known and from where, how many
 * deadlines are provisional, and loading or correcting a year. What is pasted or uploaded is read
 * by the service and shown back by month, with what it changes and how many running deadlines
 * move; only a confirmed preview is loaded.
 */
export async function calendarPage(ctx) {
  ctx.title = t('calendar.title');
  const status = await api('/api/admin/calendar');
  return new CalendarPage(status).element;
}

class CalendarPage {
  constructor(status) {
    this.status = status;
    this.pending = null;
    this.statusPanel = h('section', { class: 'panel', 'aria-labelledby': 'calendar-years-heading', 'data-testid': 'calendar-status' });
    this.result = h('div', { 'aria-live': 'polite', 'data-testid': 'calendar-result' });
    this.previewPanel = h('section', {
      class: 'panel calendar-preview',
      'aria-labelledby': 'calendar-preview-heading',
      'data-testid': 'calendar-preview',
      hidden: true,
    });
    this.element = h(
      'section',
      { class: 'calendar-page' },
      h('h1', { tabindex: '-1' }, t('calendar.title')),
      h('p', { class: 'calendar-intro' }, t('calendar.intro')),
      this.result,
      this.statusPanel,
      this.form(),
      this.previewPanel,
    );
    this.renderStatus();
  }

  renderStatus() {
    const { status } = this;
    const recent = status.years.filter((year) => year.year >= status.thisYear - RECENT_YEARS || year.source !== 'package');
    const older = status.years.filter((year) => !recent.includes(year));
    const { provisional, provisionalPastDue, recomputePending } = status.deadlines;
    replace(
      this.statusPanel,
      h('h2', { id: 'calendar-years-heading' }, t('calendar.years')),
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'calendar-years' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['year', 'source', 'holidays', 'workdays', 'loaded'].map((key) => h('th', { scope: 'col' }, t(`calendar.col.${key}`))),
              h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('calendar.correct'))),
            ),
          ),
          h(
            'tbody',
            {},
            recent.map((year) =>
              h(
                'tr',
                { 'data-year': year.year, 'data-source': year.source },
                h('td', { 'data-label': t('calendar.col.year') }, h('strong', {}, String(year.year))),
                h('td', { 'data-label': t('calendar.col.source') }, t(`calendar.source.${year.source}`)),
                h('td', { 'data-label': t('calendar.col.holidays') }, t('calendar.days', { count: year.holidays })),
                h('td', { 'data-label': t('calendar.col.workdays') }, t('calendar.days', { count: year.workdays })),
                h(
                  'td',
                  { 'data-label': t('calendar.col.loaded') },
                  year.source === 'database'
                    ? t('calendar.loadedBy', { by: year.loadedBy, at: dateTime(year.loadedAt), revision: year.revision })
                    : h('span', { class: 'muted' }, '—'),
                  year.note ? h('span', { class: 'muted calendar-note' }, year.note) : null,
                ),
                h(
                  'td',
                  {},
                  h(
                    'button',
                    { type: 'button', class: 'button-quiet', 'data-correct': year.year, onClick: () => this.correct(year.year) },
                    t('calendar.correct'),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
      older.length ? h('p', { class: 'muted' }, t('calendar.olderYears', { from: older[0].year, to: older.at(-1).year })) : null,
      h(
        'p',
        { 'data-testid': 'provisional-count', 'data-count': provisional },
        provisional ? t('calendar.provisional', { count: provisional }) : t('calendar.noProvisional'),
        provisionalPastDue ? ` ${t('calendar.provisionalPastDue', { count: provisionalPastDue })}` : '',
        recomputePending ? ` ${t('calendar.recomputePending', { count: recomputePending })}` : '',
      ),
    );
  }

  form() {
    const ids = {
      year: uid('cal'),
      holidays: uid('cal'),
      workdays: uid('cal'),
      note: uid('cal'),
      file: uid('cal'),
      holidaysHint: uid('cal'),
      workdaysHint: uid('cal'),
    };
    const { status } = this;
    this.inputs = {
      year: h('input', {
        id: ids.year,
        name: 'year',
        type: 'number',
        min: 2000,
        max: 2100,
        step: 1,
        required: true,
        value: status.nextYearLoaded ? '' : String(status.nextYear),
        class: 'calendar-year-input',
      }),
      holidays: h('textarea', {
        id: ids.holidays,
        name: 'holidays',
        rows: 9,
        spellcheck: 'false',
        'aria-describedby': ids.holidaysHint,
        placeholder: '元旦 2027-01-01\n春节：2月10日至17日放假调休，共8天。2月7日、2月20日上班。',
      }),
      workdays: h('textarea', {
        id: ids.workdays,
        name: 'workdays',
        rows: 3,
        spellcheck: 'false',
        'aria-describedby': ids.workdaysHint,
        placeholder: '2027-02-07\n2027-02-20',
      }),
      note: h('input', { id: ids.note, name: 'note', type: 'text', maxlength: 500, placeholder: t('calendar.notePlaceholder') }),
      file: h('input', { id: ids.file, name: 'file', type: 'file', accept: '.json,application/json,.txt,text/plain' }),
    };
    this.formNotice = h('div', { class: 'calendar-form-notice', 'aria-live': 'polite' });
    this.previewButton = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'calendar-preview-button' }, t('calendar.preview'));
    const field = (name, text, control, hint) =>
      h(
        'div',
        { class: 'field', 'data-field': name },
        h('label', { for: control.id }, text),
        control,
        hint ? h('p', { class: 'field-hint', id: hint.id }, hint.text) : null,
      );
    const form = h(
      'form',
      { class: 'calendar-form field-form', novalidate: true },
      field('year', t('calendar.year'), this.inputs.year),
      field('holidays', t('calendar.holidays'), this.inputs.holidays, { id: ids.holidaysHint, text: t('calendar.holidaysHint') }),
      field('workdays', t('calendar.workdays'), this.inputs.workdays, { id: ids.workdaysHint, text: t('calendar.workdaysHint') }),
      field('note', t('calendar.note'), this.inputs.note),
      field('file', t('calendar.file'), this.inputs.file),
      this.formNotice,
      h('div', { class: 'form-actions' }, this.previewButton),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.preview();
    });
    // A preview shows what was read from these fields: once they change, it no longer does.
    form.addEventListener('input', () => this.hidePreview());
    this.inputs.file.addEventListener('change', () => void this.readFile());
    this.formElement = form;
    return h('section', { class: 'panel', 'aria-labelledby': 'calendar-load-heading' }, h('h2', { id: 'calendar-load-heading' }, t('calendar.load')), form);
  }

  body() {
    const year = Number(this.inputs.year.value);
    return {
      year: Number.isInteger(year) && this.inputs.year.value !== '' ? year : null,
      holidays: this.inputs.holidays.value,
      workdays: this.inputs.workdays.value,
      ...(this.inputs.note.value.trim() ? { note: this.inputs.note.value.trim() } : {}),
    };
  }

  async preview() {
    this.clearErrors();
    this.hidePreview();
    const body = this.body();
    if (new Blob([JSON.stringify(body)]).size > BODY_LIMIT_BYTES)
      return this.refuse([{ code: 'REQUEST.TOO_LARGE', zh: t('calendar.tooLarge'), en: t('calendar.tooLarge'), field: 'holidays' }]);
    this.previewButton.disabled = true;
    this.previewButton.textContent = t('calendar.previewing');
    try {
      const preview = await api('/api/admin/calendar/preview', { method: 'POST', body });
      this.pending = { body, preview };
      this.showPreview(preview);
    } catch (error) {
      this.explain(error);
    } finally {
      this.previewButton.disabled = false;
      this.previewButton.textContent = t('calendar.preview');
    }
  }

  showPreview(preview) {
    const { replaces, impact } = preview;
    const changed = replaces.added.holidays.length + replaces.added.workdays.length + replaces.removed.holidays.length + replaces.removed.workdays.length;
    const confirm = h(
      'button',
      { type: 'button', class: 'button-primary', 'data-testid': 'calendar-confirm', onClick: () => this.confirm(confirm) },
      t('calendar.confirm', { year: preview.year }),
    );
    const back = h('button', { type: 'button', class: 'button-quiet', onClick: () => (this.hidePreview(), this.inputs.holidays.focus()) }, t('calendar.back'));
    replace(
      this.previewPanel,
      h('h2', { id: 'calendar-preview-heading', tabindex: '-1' }, t('calendar.previewTitle', { year: preview.year })),
      h(
        'p',
        { class: 'calendar-summary' },
        t('calendar.summary', { holidays: preview.holidays.length, workdays: preview.workdays.length }),
        preview.note ? ` ${preview.note}` : '',
      ),
      preview.warnings.length
        ? h(
            'div',
            { class: 'notice notice-warning', 'data-testid': 'calendar-warnings' },
            t('calendar.warnings'),
            conditionList({ details: { conditions: preview.warnings } }),
          )
        : null,
      replaces.source
        ? h(
            'div',
            { class: 'calendar-changes', 'data-testid': 'calendar-changes' },
            h('p', {}, t('calendar.replaces', { source: t(`calendar.source.${replaces.source}`) }), ' ', changed ? '' : t('calendar.noChange')),
            changeLine('added', [...replaces.added.holidays, ...replaces.added.workdays]),
            changeLine('removed', [...replaces.removed.holidays, ...replaces.removed.workdays]),
          )
        : h('p', {}, t('calendar.new')),
      h(
        'p',
        { class: 'calendar-impact', 'data-testid': 'calendar-impact', 'data-moved': impact.moved, 'data-confirmed': impact.confirmed },
        impact.deadlines
          ? t('calendar.impact', {
              deadlines: impact.deadlines,
              later: impact.movedLater,
              earlier: impact.movedEarlier,
              confirmed: impact.confirmed,
              unchanged: impact.unchanged,
            })
          : t('calendar.impactNone'),
      ),
      monthsView(preview.byMonth),
      h('div', { class: 'form-actions' }, confirm, back),
    );
    this.previewPanel.hidden = false;
    this.previewPanel.querySelector('h2').focus();
  }

  hidePreview() {
    this.pending = null;
    this.previewPanel.hidden = true;
    replace(this.previewPanel);
  }

  async confirm(button) {
    if (!this.pending) return;
    const { body, preview } = this.pending;
    button.disabled = true;
    button.textContent = t('calendar.saving');
    try {
      const loaded = await api('/api/admin/calendar', {
        method: 'POST',
        body: { ...body, confirmDigest: preview.digest, expectedRevision: preview.replaces.revision },
      });
      const { recompute } = loaded;
      replace(
        this.result,
        h(
          'p',
          { class: 'notice notice-ok', role: 'status', 'data-testid': 'calendar-loaded', 'data-year': loaded.year },
          t('calendar.done', { year: loaded.year, revision: loaded.revision, cases: recompute.cases, moved: recompute.moved, confirmed: recompute.confirmed }),
          recompute.remaining ? ` ${t('calendar.donePending')}` : '',
        ),
      );
      toast(
        t('calendar.done', { year: loaded.year, revision: loaded.revision, cases: recompute.cases, moved: recompute.moved, confirmed: recompute.confirmed }),
      );
      this.hidePreview();
      this.formElement.reset();
      this.inputs.year.value = '';
      this.status = await api('/api/admin/calendar');
      this.renderStatus();
      void renderCalendarBanner(getUser(), { force: true });
      this.result.querySelector('p')?.setAttribute('tabindex', '-1');
      this.result.querySelector('p')?.focus();
    } catch (error) {
      // Overtaken or refused: nothing was stored; the preview no longer stands.
      this.hidePreview();
      this.explain(error);
    }
  }

  explain(error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.code === 'NETWORK') return this.refuse([], t('error.network'));
    const conditions = Array.isArray(error.details?.conditions) ? error.details.conditions : [];
    return this.refuse(conditions, conditions.length ? undefined : error.message);
  }

  /** The reasons next to the form, each field concerned marked; the notice takes the focus. */
  refuse(conditions, message) {
    for (const field of new Set(conditions.map((item) => item.field).filter(Boolean))) {
      this.inputs[field]?.setAttribute('aria-invalid', 'true');
      this.formElement.querySelector(`[data-field="${field}"]`)?.classList.add('has-error');
    }
    const notice = h(
      'div',
      { class: 'notice notice-error', role: 'alert', tabindex: '-1', 'data-testid': 'calendar-refused' },
      h('p', {}, message ?? t('calendar.refused')),
      conditionList({ details: { conditions } }),
    );
    replace(this.formNotice, notice);
    notice.focus();
  }

  clearErrors() {
    replace(this.formNotice);
    for (const input of Object.values(this.inputs)) input.removeAttribute('aria-invalid');
    for (const field of this.formElement.querySelectorAll('.has-error')) field.classList.remove('has-error');
  }

  /** Fills the form from an uploaded file: calendar JSON (one year at a time), or text as pasted. */
  async readFile() {
    const file = this.inputs.file.files?.[0];
    if (!file) return;
    this.clearErrors();
    this.hidePreview();
    if (file.size > BODY_LIMIT_BYTES)
      return this.refuse([{ code: 'REQUEST.TOO_LARGE', zh: t('calendar.tooLarge'), en: t('calendar.tooLarge'), field: 'file' }]);
    const text = await file.text();
    const looksJson = /\.json$/i.test(file.name) || /^\s*[[{]/.test(text);
    if (!looksJson) {
      this.inputs.holidays.value = text;
      return replace(this.formNotice, h('p', { class: 'notice notice-ok' }, t('calendar.fileRead', { name: file.name })));
    }
    let years;
    try {
      const parsed = JSON.parse(text);
      years = Array.isArray(parsed) ? parsed : [parsed];
      if (years.length === 0 || years.some((year) => typeof year !== 'object' || year === null)) throw new Error('[{ "year", "holidays", "workdays" }]');
    } catch (error) {
      return this.refuse([
        {
          code: 'CALENDAR.FILE',
          zh: t('calendar.fileBad', { name: file.name, reason: error.message }),
          en: t('calendar.fileBad', { name: file.name, reason: error.message }),
          field: 'file',
        },
      ]);
    }
    const [first] = years;
    this.inputs.year.value = first.year ?? '';
    this.inputs.holidays.value = Array.isArray(first.holidays) ? first.holidays.join('\n') : String(first.holidays ?? '');
    this.inputs.workdays.value = Array.isArray(first.workdays) ? first.workdays.join('\n') : String(first.workdays ?? '');
    this.inputs.note.value = typeof first.note === 'string' ? first.note : '';
    replace(
      this.formNotice,
      h(
        'p',
        { class: 'notice notice-ok' },
        t('calendar.fileRead', { name: file.name }),
        years.length > 1 ? ` ${t('calendar.fileManyYears', { count: years.length, year: first.year })}` : '',
      ),
    );
  }

  /** Puts a known year into the form, festival by festival, to correct it. */
  async correct(year) {
    const known = await api(`/api/admin/calendar/${year}`);
    this.clearErrors();
    this.hidePreview();
    this.inputs.year.value = String(year);
    this.inputs.holidays.value = runs(known.holidays.map((date) => ({ date, name: known.labels[date] })))
      .map((run) => [run.name, run.from === run.to ? run.from : `${run.from}至${run.to}`].filter(Boolean).join(' '))
      .join('\n');
    this.inputs.workdays.value = known.workdays.map((date) => [date, known.labels[date]].filter(Boolean).join(' ')).join('\n');
    this.inputs.note.value = known.note ?? '';
    this.inputs.holidays.focus();
  }
}

function changeLine(kind, dates) {
  if (!dates.length) return null;
  return h(
    'p',
    { class: `calendar-${kind}`, 'data-testid': `calendar-${kind}` },
    t(`calendar.${kind}`, {
      dates: [...dates]
        .sort()
        .map(dayText)
        .join(lang() === 'en' ? ', ' : '、'),
    }),
  );
}

/** The year by month: runs of days off with the festival's name, and the make-up working days. */
function monthsView(byMonth) {
  return h(
    'div',
    { class: 'calendar-months' },
    byMonth.map((month) =>
      h(
        'section',
        { class: 'calendar-month', 'data-month': month.month },
        h('h3', {}, monthName(month.month)),
        h(
          'ul',
          { class: 'calendar-days' },
          runs(month.holidays).map((run) =>
            h(
              'li',
              { class: 'day-off', 'data-from': run.from, 'data-to': run.to },
              h('span', { class: 'day-kind' }, t('calendar.off')),
              ' ',
              run.from === run.to ? dayText(run.from) : t('calendar.range', { from: dayText(run.from), to: dayText(run.to) }),
              run.name ? h('span', { class: 'day-name' }, ` · ${run.name}`) : null,
              run.count > 1 ? h('span', { class: 'muted' }, ` · ${t('calendar.rangeDays', { count: run.count })}`) : null,
            ),
          ),
          month.workdays.map((day) =>
            h(
              'li',
              { class: 'day-on', 'data-date': day.date },
              h('span', { class: 'day-kind' }, t('calendar.on')),
              ' ',
              dayText(day.date),
              day.name ? h('span', { class: 'day-name' }, ` · ${day.name}`) : null,
            ),
          ),
        ),
      ),
    ),
  );
}

/** Consecutive days with the same name, as ranges. */
function runs(days) {
  const out = [];
  for (const day of days) {
    const last = out.at(-1);
    if (last && last.name === day.name && nextDay(last.to) === day.date) {
      last.to = day.date;
      last.count += 1;
    } else out.push({ from: day.date, to: day.date, name: day.name, count: 1 });
  }
  return out;
}

function nextDay(date) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** 2月10日（周三） / Wed 10 Feb: a calendar date, no time zone involved. */
function dayText(date) {
  const at = new Date(`${date}T00:00:00Z`);
  if (lang() === 'en') return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' }).format(at);
  const weekday = new Intl.DateTimeFormat('zh-CN', { timeZone: 'UTC', weekday: 'short' }).format(at);
  return `${at.getUTCMonth() + 1}月${at.getUTCDate()}日（${weekday}）`;
}

function monthName(month) {
  if (lang() === 'en') return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long' }).format(new Date(Date.UTC(2000, month - 1, 1)));
  return `${month}月`;
}
