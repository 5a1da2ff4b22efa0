// @ts-check
import { api, ApiError, query } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { hasMessage, label, t } from '../i18n.js';
import { chinaDayEnd, chinaDayStart, dateTime, roleName, shortId } from '../format.js';
import { latestProcedures } from '../procedures.js';
import { navigate } from '../router.js';
import { pager } from '../components/case-table.js';
import { recordView } from '../components/record-view.js';
import { eventName, refusalText, stateName } from '../components/timeline.js';
import { verifyResult } from './verify-result.js';

const PAGE_SIZE = 20;
const ROLES = [
  'applicant',
  'unit',
  'officer',
  'reviewer',
  'committee',
  'leader',
  'orgDept',
  'auditor',
  'sysAdmin',
  'secAdmin',
  'auditAdmin',
  'system',
  'reporter',
  'accuser',
];
/** The chains besides the cases' own: refusals, administrators' changes, reads on the record. */
const STREAMS = ['security', 'admin', 'audit-reads'];
const FILTERS = ['caseId', 'stream', 'actor', 'role', 'event', 'procedure', 'from', 'to', 'refused', 'order'];

/**
 * The auditor's desk: integrity verification of every chain, the export, and the trail across
 * cases with filters (case, actor, role, event, time range, refused only). Filters live in the URL.
 */
export async function auditPage(ctx) {
  ctx.title = t('audit.title');
  const filters = Object.fromEntries(FILTERS.map((key) => [key, ctx.query.get(key) ?? '']));
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);
  // The case field takes a case number (济纪容〔2026〕3号) or a case's id.
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(filters.caseId);
  const apiQuery = {
    caseId: byId ? filters.caseId : '',
    caseNo: byId ? '' : filters.caseId,
    stream: filters.stream,
    actor: filters.actor,
    role: filters.role,
    event: filters.event,
    procedure: filters.procedure,
    from: filters.from ? chinaDayStart(filters.from) : '',
    to: filters.to ? chinaDayEnd(filters.to) : '',
    refused: filters.refused === 'true',
    order: filters.order === 'asc' ? 'asc' : '',
    page,
    pageSize: PAGE_SIZE,
  };
  let entries;
  let filterError;
  try {
    // A reversed range would find nothing and look like an empty trail: say so instead.
    if (filters.from && filters.to && filters.from > filters.to) throw new RangeError(t('audit.filter.reversed', { from: filters.from, to: filters.to }));
    entries = await api(`/api/audit/entries${query(apiQuery)}`);
  } catch (error) {
    if (error instanceof RangeError) {
      filterError = error.message;
      entries = { items: [], total: 0, page: 1, pageSize: PAGE_SIZE };
    } else {
      if (!(error instanceof ApiError) || error.status !== 400) throw error;
      filterError = error.message;
      entries = { items: [], total: 0, page: 1, pageSize: PAGE_SIZE };
    }
  }
  const [procedures, bodyNames] = await Promise.all([latestProcedures(), namesOfBodies(entries.items)]);
  const href = (changes) => `/app/audit${query({ ...filters, ...changes })}`;
  return h(
    'section',
    { class: 'audit-page' },
    h('h1', { tabindex: '-1' }, t('audit.title')),
    integrityPanel(),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'trail-heading' },
      h('h2', { id: 'trail-heading' }, t('audit.trail')),
      filterForm(procedures, filters, (next) => navigate(href({ ...next, page: undefined }))),
      filterError ? h('p', { class: 'notice notice-error', role: 'alert' }, filterError) : null,
      h('p', { class: 'muted', 'data-testid': 'entries-total' }, t('audit.total', { total: entries.total })),
      entryTable(entries.items, procedures, bodyNames),
      pager(entries.page, entries.pageSize, entries.total, (n) => href({ page: n })),
    ),
  );
}

function integrityPanel() {
  const result = h('div', { class: 'verify-area', 'aria-live': 'polite' });
  const verifyButton = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'verify' }, t('audit.verify'));
  const exportButton = h('button', { type: 'button', class: 'button-secondary', 'data-testid': 'export' }, t('audit.export'));
  const exportNote = h('span', { class: 'muted', 'aria-live': 'polite' });
  verifyButton.addEventListener('click', async () => {
    verifyButton.disabled = true;
    replace(result, h('p', { class: 'muted' }, t('audit.verifying')));
    try {
      replace(result, verifyResult(await api('/api/audit/verify')));
    } catch (error) {
      replace(result, h('p', { class: 'notice notice-error', role: 'alert' }, error.message));
    } finally {
      verifyButton.disabled = false;
    }
  });
  exportButton.addEventListener('click', async () => {
    exportButton.disabled = true;
    exportNote.textContent = t('audit.exporting');
    try {
      // The export needs the bearer token, so it is fetched and handed to the browser as a file.
      const response = await api('/api/audit/export', { raw: true, headers: { accept: 'application/x-ndjson' } });
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: `audit-trail-${new Date().toISOString().slice(0, 10)}.ndjson`, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      exportNote.textContent = t('audit.exported', { size: Math.ceil(blob.size / 1024) });
    } catch (error) {
      exportNote.textContent = error.message;
    } finally {
      exportButton.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'integrity-heading' },
    h('h2', { id: 'integrity-heading' }, t('audit.integrity')),
    h('p', { class: 'muted' }, t('audit.integrityHelp')),
    h('div', { class: 'form-actions' }, verifyButton, exportButton, exportNote),
    result,
  );
}

function filterForm(procedures, filters, apply) {
  const events = eventChoices(procedures);
  const input = (name, props) => h('input', { name, value: filters[name], ...props });
  const controls = {
    caseId: input('caseId', { type: 'text', maxlength: 80, placeholder: t('audit.filter.caseIdHint'), spellcheck: 'false' }),
    stream: h(
      'select',
      { name: 'stream' },
      h('option', { value: '' }, t('filter.any')),
      STREAMS.map((stream) => h('option', { value: stream, selected: filters.stream === stream }, t(`audit.stream.${stream}`))),
    ),
    actor: input('actor', { type: 'text', maxlength: 64, placeholder: t('audit.filter.actorHint') }),
    role: h(
      'select',
      { name: 'role' },
      h('option', { value: '' }, t('filter.any')),
      ROLES.map((role) => h('option', { value: role, selected: filters.role === role }, roleName(role))),
    ),
    // Chosen by the step's name: an office searches for 「受理」, not for the engine's code.
    event: h(
      'select',
      { name: 'event' },
      h('option', { value: '' }, t('filter.any')),
      events.map(([type, name]) => h('option', { value: type, selected: filters.event === type }, name)),
    ),
    procedure: h(
      'select',
      { name: 'procedure' },
      h('option', { value: '' }, t('filter.any')),
      procedures.map((procedure) => h('option', { value: procedure.id, selected: filters.procedure === procedure.id }, label(procedure.label))),
    ),
    from: input('from', { type: 'date' }),
    to: input('to', { type: 'date' }),
  };
  const refused = h('input', { type: 'checkbox', name: 'refused', checked: filters.refused === 'true' });
  const labelled = (name, text) => {
    const id = uid('audit-filter');
    controls[name].id = id;
    return h('div', { class: 'filter' }, h('label', { for: id }, text), controls[name]);
  };
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('audit.filters') },
    labelled('caseId', t('audit.filter.caseId')),
    labelled('stream', t('audit.filter.stream')),
    labelled('actor', t('audit.filter.actor')),
    labelled('role', t('audit.filter.role')),
    labelled('event', t('audit.filter.event')),
    labelled('procedure', t('filter.procedure')),
    labelled('from', t('audit.filter.from')),
    labelled('to', t('audit.filter.to')),
    h('div', { class: 'filter filter-check' }, h('label', { class: 'checkbox' }, refused, ' ', t('audit.filter.refused'))),
    h(
      'div',
      { class: 'filter filter-buttons' },
      h('button', { type: 'submit', class: 'button-primary' }, t('filter.apply')),
      h('button', { type: 'reset', class: 'button-quiet' }, t('filter.reset')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply({
      caseId: controls.caseId.value.trim(),
      stream: controls.stream.value,
      actor: controls.actor.value.trim(),
      role: controls.role.value,
      event: controls.event.value,
      procedure: controls.procedure.value,
      from: controls.from.value,
      to: controls.to.value,
      refused: refused.checked ? 'true' : '',
    });
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    apply(Object.fromEntries(FILTERS.map((key) => [key, ''])));
  });
  return form;
}

/** Where a record keeps a body's id (辖区 of a catalogue or committee, an appeal's body): these keys. */
const BODY_KEYS = new Set(['jurisdiction', 'appealBody']);

/**
 * The names of the bodies the entries' records cite, from the directory (one request; at most 50
 * bodies, more than a page of entries cites): a code such as `jinan` means nothing to a reader.
 * @returns {Promise<Record<string, string>>}
 */
async function namesOfBodies(items) {
  const ids = new Set();
  const walk = (value) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object')
      for (const [key, inner] of Object.entries(value)) {
        if (BODY_KEYS.has(key) && typeof inner === 'string' && inner) ids.add(inner);
        else walk(inner);
      }
  };
  items.forEach((entry) => walk(entry.data));
  if (!ids.size) return {};
  const bodies = await api(`/api/directory/bodies${query({ ids: [...ids].slice(0, 50).join(',') })}`);
  return Object.fromEntries(bodies.map((body) => [body.id, body.name]));
}

function entryTable(items, procedures, bodyNames) {
  if (!items.length) return h('p', { class: 'muted empty', 'data-testid': 'empty-list' }, t('audit.empty'));
  const byId = new Map(procedures.map((procedure) => [procedure.id, procedure]));
  // The officials a step's record names (办理人, 核实人员) read as the rows name them.
  const actorNames = Object.fromEntries(items.filter((entry) => entry.actorName).map((entry) => [entry.actorId, entry.actorName]));
  const columns = [
    t('audit.col.at'),
    t('audit.col.case'),
    t('audit.col.event'),
    t('audit.col.move'),
    t('audit.col.actor'),
    t('audit.col.outcome'),
    t('audit.col.chain'),
  ];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'entry-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((name) => h('th', { scope: 'col' }, name)),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((entry) => {
          const definition = byId.get(entry.procedure);
          const refused = entry.outcome === 'refused';
          return h(
            'tr',
            { class: refused ? 'row-refused' : undefined, 'data-entry-id': entry.id, 'data-event': entry.event },
            h('td', { 'data-label': columns[0] }, h('time', { datetime: entry.at }, dateTime(entry.at))),
            h(
              'td',
              { 'data-label': columns[1] },
              entry.caseId
                ? h('a', { href: `/app/cases/${entry.caseId}`, 'data-link': true }, label(definition?.label) || entry.procedure, ' #', shortId(entry.caseId))
                : streamCell(entry),
            ),
            h(
              'td',
              { 'data-label': columns[2] },
              // One block, so that a phone's two-column card keeps it beside its label.
              h(
                'div',
                {},
                // The engine's code stays out of the Chinese text; it is the row's tooltip and data attribute.
                h('span', { title: entry.event }, eventName(definition, entry.event)),
                entry.data && Object.keys(entry.data).length && !refused
                  ? h(
                      'details',
                      { class: 'entry-data' },
                      h('summary', {}, t('timeline.details')),
                      recordView(definition ?? sharedLabelsOnly(procedures), entry.data, entry.event, {
                        names: { ...bodyNames, ...actorNames, ...stateNames(byId.get(entry.data.procedure) ?? definition) },
                      }),
                    )
                  : null,
              ),
            ),
            h('td', { 'data-label': columns[3] }, moveText(definition, entry)),
            h(
              'td',
              { 'data-label': columns[4] },
              entry.actorLabel
                ? h('span', { class: 'actor-sealed', title: t('audit.sealedActor'), 'data-sealed-actor': 'true' }, label(entry.actorLabel))
                : entry.actorRole === 'system'
                  ? h('span', {}, roleName('system'))
                  : h(
                      'span',
                      // The name people know; the account it acted from on hover (the filter takes either).
                      { 'data-actor': entry.actorId, title: entry.actorName ? entry.actorId : undefined },
                      entry.actorName ?? entry.actorId,
                      h('span', { class: 'muted' }, t('audit.actorRole', { role: roleName(entry.actorRole) })),
                    ),
            ),
            h(
              'td',
              { 'data-label': columns[5] },
              refused
                ? h('span', { class: 'badge badge-refused' }, t('timeline.refused'), ': ', refusalText(entry.refusalCode))
                : h('span', { class: 'badge' }, t(`outcome.${entry.outcome}`)),
            ),
            h('td', { 'data-label': columns[6] }, h('code', { title: entry.hash }, `#${entry.position} ${String(entry.hash).slice(0, 10)}…`)),
          );
        }),
      ),
    ),
  );
}

/**
 * An entry of a chain that belongs to no case: the chain's name, and for a case file read on the
 * record a link to the case that was read.
 */
function streamCell(entry) {
  const name = hasMessage(`audit.stream.${entry.streamId}`) ? t(`audit.stream.${entry.streamId}`) : entry.streamId;
  const readCase = typeof entry.data?.caseId === 'string' ? entry.data.caseId : undefined;
  return h(
    'span',
    {},
    h('span', { class: 'muted' }, name),
    readCase ? [' · ', h('a', { href: `/app/cases/${readCase}`, 'data-link': true }, '#', shortId(readCase))] : null,
  );
}

/** A step that moved the case shows from → to; one that did not (a refusal, a record) its state. */
function moveText(definition, entry) {
  if (!entry.fromState && !entry.toState) return '—';
  if (entry.fromState === entry.toState) return stateName(definition, entry.toState);
  return `${stateName(definition, entry.fromState) || '∅'} → ${stateName(definition, entry.toState) || '∅'}`;
}

/**
 * Entries of no case (the security, admin and audit-reads chains) have no procedure: their data is
 * labelled with the keys every record shares, which each procedure table carries.
 */
/** A procedure's states by name, for a read's record of the state the case was in (当时环节). */
function stateNames(definition) {
  return Object.fromEntries(Object.entries(definition?.states ?? {}).map(([state, spec]) => [`state:${state}`, label(spec.label)]));
}

function sharedLabelsOnly(procedures) {
  return { record: { common: procedures[0]?.record?.common } };
}

/**
 * Every step of every procedure, named as the procedures name it; a code shared by procedures
 * whose names differ reads as both names. Sorted by name, so 「受理」 is found where a reader looks.
 * @returns {[string, string][]}
 */
function eventChoices(procedures) {
  /** @type {Map<string, Set<string>>} */
  const names = new Map();
  for (const procedure of procedures) {
    for (const type of Object.keys(procedure.events)) {
      if (!names.has(type)) names.set(type, new Set());
      names.get(type)?.add(eventName(procedure, type));
    }
  }
  return [...names].map(([type, set]) => /** @type {[string, string]} */ ([type, [...set].join('／')])).sort((a, b) => a[1].localeCompare(b[1], 'zh-CN'));
}
