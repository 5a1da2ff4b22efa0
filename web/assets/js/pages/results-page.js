// @ts-check
import { api, ApiError, query } from '../api.js';
import { h, uid } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { caseRef, dateTime } from '../format.js';
import { latestProcedures } from '../procedures.js';
import { navigate, refresh } from '../router.js';
import { hasAnyRole } from '../session.js';
import { toast } from '../toast.js';
import { attachDirectoryPicker } from '../components/directory-picker.js';

const USES = ['normal', 'impactPeriod', 'reference'];
const PURPOSES = ['selection', 'evaluation', 'assessment', 'other'];
const FILTERS = ['q', 'unit', 'use', 'procedure', 'asOf'];

/** Full-width punctuation in Chinese, ASCII in English. */
const colon = () => (lang() === 'zh' ? '：' : ': ');
const gap = () => (lang() === 'zh' ? '　' : '  ');

const filtersOf = (ctx) => Object.fromEntries(FILTERS.map((key) => [key, ctx.query.get(key) ?? '']));

/** The standing as a badge: 可正常使用 / 影响期内 (until) / 供参考. */
function standingBadge(standing) {
  return h(
    'span',
    { class: `badge standing standing-${standing.use}`, 'data-testid': 'standing', 'data-use': standing.use },
    t(`results.use.${standing.use}`),
    standing.until ? ` ${t('results.until', { day: standing.until })}` : '',
  );
}

function conditionsText(error) {
  const conditions = error.details?.conditions ?? [];
  return conditions.length > 0 ? conditions.map((condition) => label(condition)).join('；') : error.message;
}

function field(text, input) {
  const id = uid('results');
  input.id = id;
  return h('div', { class: 'filter' }, h('label', { for: id }, text), input);
}

/**
 * 结果运用台账 (issue 21 §3): the organisation department's landing page. Cadres with results within
 * its grants, searched by name or unit and filtered by standing and procedure; each opens to the
 * history of results and impact periods, and the vetting inquiries with their replies.
 */
export async function resultsPage(ctx) {
  ctx.title = t('results.title');
  const filters = filtersOf(ctx);
  const procedures = await latestProcedures();
  let dayError;
  const read = async () => {
    try {
      return await api(`/api/results${query(filters)}`);
    } catch (error) {
      // A malformed or future day: say so, and show today's register.
      if (!(error instanceof ApiError) || error.status !== 400 || !filters.asOf) throw error;
      dayError = conditionsText(error);
      return api(`/api/results${query({ ...filters, asOf: '' })}`);
    }
  };
  const [register, inquiries] = await Promise.all([read(), api('/api/results/inquiries')]);
  const day = h('input', { type: 'date', value: filters.asOf || register.asOf, 'data-testid': 'results-as-of-day' });
  const q = h('input', { type: 'search', value: filters.q, maxlength: 100, 'data-testid': 'results-search' });
  const unit = h('input', { type: 'text', value: filters.unit, maxlength: 64, 'data-testid': 'results-unit' });
  const use = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.any')),
    USES.map((key) => h('option', { value: key, selected: filters.use === key }, t(`results.use.${key}`))),
  );
  const procedure = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.any')),
    procedures.map((candidate) => h('option', { value: candidate.id, selected: filters.procedure === candidate.id }, label(candidate.label))),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('results.title') },
    field(t('results.search'), q),
    field(t('results.col.unit'), unit),
    field(t('results.use'), use),
    field(t('results.procedure'), procedure),
    field(t('results.asOfLabel'), day),
    h('div', { class: 'filter filter-buttons' }, h('button', { type: 'submit', class: 'button-primary' }, t('filter.apply'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/app/results${query({ q: q.value.trim(), unit: unit.value.trim(), use: use.value, procedure: procedure.value, asOf: day.value })}`);
  });
  // One unit's results: picked from the directory by name or pinyin initials (the register takes its id).
  attachDirectoryPicker(unit, 'units');
  const columns = ['results.col.cadre', 'results.col.unit', 'results.col.standing', 'results.col.results', 'results.col.latest'];
  return h(
    'section',
    { class: 'results-page' },
    h('h1', { tabindex: '-1' }, t('results.title')),
    h('p', { class: 'muted' }, t('results.intro')),
    form,
    dayError ? h('p', { class: 'notice notice-error', role: 'alert' }, dayError) : null,
    h('p', { class: 'muted', 'data-testid': 'results-as-of' }, t('results.asOf', { day: register.asOf })),
    register.cadres.length === 0
      ? h('p', { class: 'muted empty', 'data-testid': 'results-empty' }, t('results.empty'))
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'case-table', 'data-testid': 'results-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                columns.map((key) => h('th', { scope: 'col' }, t(key))),
              ),
            ),
            h(
              'tbody',
              {},
              register.cadres.map((cadre) =>
                h(
                  'tr',
                  { 'data-cadre-id': cadre.cadreId },
                  h(
                    'td',
                    { 'data-label': t(columns[0]) },
                    h('a', { href: `/app/results/cadres/${encodeURIComponent(cadre.cadreId)}`, 'data-link': true, class: 'case-link' }, cadre.name),
                  ),
                  h('td', { 'data-label': t(columns[1]) }, cadre.unitName),
                  h('td', { 'data-label': t(columns[2]) }, standingBadge(cadre.standing)),
                  h('td', { 'data-label': t(columns[3]) }, String(cadre.results)),
                  h('td', { 'data-label': t(columns[4]) }, cadre.latestResultOn),
                ),
              ),
            ),
          ),
        ),
    register.truncated ? h('p', { class: 'notice' }, t('results.truncated', { count: register.cadres.length })) : null,
    inquiriesPanel(inquiries, { showCadre: true }),
  );
}

/** One cadre: the standing on a day, every result with its effect and impact period, the inquiries. */
export async function resultsCadrePage(ctx) {
  const cadreId = decodeURIComponent(ctx.params.id);
  const asOf = ctx.query.get('asOf') ?? '';
  let detail;
  let dayError;
  try {
    detail = await api(`/api/results/cadres/${encodeURIComponent(cadreId)}${query({ asOf })}`);
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 400) throw error;
    dayError = conditionsText(error);
    detail = await api(`/api/results/cadres/${encodeURIComponent(cadreId)}`);
  }
  const inquiries = await api(`/api/results/inquiries${query({ cadreId })}`);
  ctx.title = `${detail.cadre.name} · ${t('results.title')}`;
  const day = h('input', { type: 'date', value: asOf || detail.asOf, max: detail.asOf });
  const dayForm = h(
    'form',
    { class: 'filters' },
    field(t('results.asOfLabel'), day),
    h('div', { class: 'filter filter-buttons' }, h('button', { type: 'submit', class: 'button-secondary' }, t('results.show'))),
  );
  dayForm.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/app/results/cadres/${encodeURIComponent(cadreId)}${query({ asOf: day.value })}`);
  });
  const columns = ['results.col.case', 'results.col.result', 'results.col.effect', 'results.col.period', 'results.col.documents', 'results.col.resultOn'];
  const user = ctx.user;
  return h(
    'section',
    { class: 'results-page' },
    h('nav', { class: 'breadcrumb', 'aria-label': t('nav.breadcrumb') }, h('a', { href: '/app/results', 'data-link': true }, t('results.back'))),
    h('h1', { tabindex: '-1' }, detail.cadre.name),
    h('p', { class: 'muted' }, [detail.cadre.unitName, detail.cadre.position].filter(Boolean).join(' · ')),
    h('p', { 'data-testid': 'cadre-standing' }, t('results.asOf', { day: detail.asOf }), ' ', standingBadge(detail.standing)),
    dayForm,
    dayError ? h('p', { class: 'notice notice-error', role: 'alert' }, dayError) : null,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'results-history' },
      h('h2', { id: 'results-history' }, t('results.history')),
      detail.results.length === 0
        ? h('p', { class: 'muted empty' }, t('results.noResults'))
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'case-table', 'data-testid': 'cadre-results' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  columns.map((key) => h('th', { scope: 'col' }, t(key))),
                ),
              ),
              h(
                'tbody',
                {},
                detail.results.map((result) =>
                  h(
                    'tr',
                    { 'data-case-id': result.caseId, 'data-effect': result.effect },
                    h(
                      'td',
                      { 'data-label': t(columns[0]) },
                      h(
                        'div',
                        {},
                        h('a', { href: `/app/cases/${result.caseId}`, 'data-link': true, class: 'case-link' }, label(result.procedureLabel)),
                        h('span', { class: 'event-code' }, caseRef({ id: result.caseId, caseNo: result.caseNo })),
                      ),
                    ),
                    h('td', { 'data-label': t(columns[1]) }, result.revocable ? t('results.revocable') : label(result.stateLabel)),
                    h('td', { 'data-label': t(columns[2]) }, label(result.effectLabel)),
                    h(
                      'td',
                      { 'data-label': t(columns[3]) },
                      result.impactUntil ? t('results.periodRange', { from: result.impactFrom ?? '', until: result.impactUntil }) : '—',
                    ),
                    h('td', { 'data-label': t(columns[4]) }, result.documentNos.join('、') || '—'),
                    h('td', { 'data-label': t(columns[5]) }, result.resultOn),
                  ),
                ),
              ),
            ),
          ),
    ),
    hasAnyRole(user, ['orgDept']) ? askForm(cadreId, detail.asOf) : null,
    inquiriesPanel(inquiries, { showCadre: false, canReply: hasAnyRole(user, ['officer', 'leader']) }),
  );
}

/** 征求党风廉政意见: the organisation department asks the cadre's body. */
function askForm(cadreId, today) {
  const purpose = h(
    'select',
    { 'data-testid': 'ask-purpose' },
    PURPOSES.map((key) => h('option', { value: key }, t(`results.purpose.${key}`))),
  );
  const asOf = h('input', { type: 'date', max: today });
  const note = h('input', { type: 'text', maxlength: 2000 });
  const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'ask-submit' }, t('results.askSubmit'));
  const form = h(
    'form',
    { class: 'filters', 'aria-labelledby': 'results-ask' },
    field(t('results.purpose'), purpose),
    field(t('results.askAsOf'), asOf),
    field(t('results.note'), note),
    h('div', { class: 'filter filter-buttons' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      await api('/api/results/inquiries', {
        method: 'POST',
        body: { cadreId, purpose: purpose.value, ...(asOf.value ? { asOf: asOf.value } : {}), ...(note.value.trim() ? { note: note.value.trim() } : {}) },
      });
      toast(t('results.asked'));
      refresh();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error.textContent = conditionsText(failure);
      error.hidden = false;
      submit.disabled = false;
    }
  });
  return h('section', { class: 'panel' }, h('h2', { id: 'results-ask' }, t('results.ask')), form, error);
}

function inquiriesPanel(inquiries, { showCadre, canReply = false }) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'results-inquiries', 'data-testid': 'inquiries' },
    h('h2', { id: 'results-inquiries' }, t('results.inquiries')),
    inquiries.length === 0
      ? h('p', { class: 'muted empty' }, t('results.inquiriesEmpty'))
      : h(
          'ul',
          { class: 'inquiry-list' },
          inquiries.map((inquiry) => inquiryItem(inquiry, { showCadre, canReply })),
        ),
  );
}

function inquiryItem(inquiry, { showCadre, canReply }) {
  const heading = h(
    'p',
    { class: 'inquiry-head' },
    showCadre ? h('a', { href: `/app/results/cadres/${encodeURIComponent(inquiry.cadreId)}`, 'data-link': true }, inquiry.cadreName) : null,
    showCadre ? ' · ' : null,
    label(inquiry.purposeLabel),
    ' · ',
    t('results.asOf', { day: inquiry.asOf }),
    ' · ',
    h('span', { class: `badge inquiry-${inquiry.status}`, 'data-testid': 'inquiry-status' }, t(`results.status.${inquiry.status}`)),
  );
  const meta = h(
    'p',
    { class: 'muted' },
    `${t('results.body')}${colon()}${inquiry.jurisdictionName}${gap()}${t('results.askedAt')}${colon()}${dateTime(inquiry.askedAt)}`,
    inquiry.documentNo ? `${gap()}${t('results.documentNo')}${colon()}${inquiry.documentNo}` : '',
  );
  const download = h('button', { type: 'button', class: 'button-secondary', 'data-testid': 'reply-download' }, t('results.download'));
  download.addEventListener('click', () => saveLetter(inquiry, download));
  const letter = inquiry.answer
    ? h(
        'div',
        {},
        h('p', {}, download),
        h(
          'details',
          { class: 'inquiry-letter' },
          h('summary', {}, t('results.letter'), ' ', inquiry.documentNo),
          h('pre', { class: 'letter-text', 'data-testid': 'reply-letter' }, label(inquiry.answer.letter)),
        ),
      )
    : null;
  return h('li', { class: 'inquiry', 'data-inquiry-id': inquiry.id }, heading, meta, letter, inquiry.status === 'open' && canReply ? replyForm(inquiry) : null);
}

/** The reply letter as issued, fetched with the session's token and saved under its 文号. */
async function saveLetter(inquiry, button) {
  button.disabled = true;
  try {
    const response = await api(`/api/results/inquiries/${inquiry.id}/pdf`, { raw: true, headers: { accept: 'application/pdf' } });
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: `${inquiry.documentNo}.pdf`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    toast(error instanceof ApiError ? conditionsText(error) : String(error));
  } finally {
    button.disabled = false;
  }
}

/**
 * The body's reply: an officer or leader issues it; the service reads the results in force on the
 * day asked and gives the letter the next 文号 of the body's series (nobody types it).
 */
function replyForm(inquiry) {
  const error = h('p', { class: 'notice notice-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'reply-submit' }, t('results.replySubmit'));
  const form = h('form', { class: 'filters' }, h('p', { class: 'muted' }, t('results.replyHint')), h('div', { class: 'filter filter-buttons' }, submit));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const answered = await api(`/api/results/inquiries/${inquiry.id}/reply`, { method: 'POST', body: {} });
      toast(t('results.replied', { docNo: answered.documentNo }));
      refresh();
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      error.textContent = conditionsText(failure);
      error.hidden = false;
      submit.disabled = false;
    }
  });
  return h('div', {}, form, error);
}
