// @ts-check
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { caseRef, dateOnly, dateTime, roleName } from '../format.js';
import { provisionalBadge } from './deadline-list.js';
import { warningChip } from './warning-chip.js';

/**
 * Cases as a table at desk width and as stacked cards on a phone (CSS reads each cell's
 * data-label). The row's link is the case; the turn column marks the caller's own roles; the
 * deadline column shows the running deadline, marked 「暂定」 when it is provisional; with
 * `warnings`, a column shows the 三色 warning ladder's colour (staff and auditors).
 */
export function caseTable(items, procedures, { myRoles = [], warnings = false, supervisions = new Map() } = {}) {
  if (!items.length) return h('p', { class: 'muted empty', 'data-testid': 'empty-list' }, t('list.empty'));
  const byId = new Map(procedures.map((procedure) => [procedure.id, procedure]));
  const columns = [
    t('list.case'),
    t('list.state'),
    t('list.turn'),
    t('list.deadline'),
    t('party.cadreId'),
    t('party.unitId'),
    t('list.updatedAt'),
    t('list.warning'),
  ];
  const provisional = items.flatMap((item) => item.deadlines ?? []).find((deadline) => deadline.provisional);
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'case-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.slice(0, 3).map((name) => h('th', { scope: 'col' }, name)),
          warnings ? h('th', { scope: 'col' }, columns[7]) : null,
          columns.slice(3, 7).map((name) => h('th', { scope: 'col' }, name)),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((item) => {
          const procedure = byId.get(item.procedure);
          const mine = item.allowedEvents?.length > 0;
          return h(
            'tr',
            { 'data-case-id': item.id, class: mine ? 'row-mine' : undefined },
            h(
              'td',
              { 'data-label': columns[0] },
              // One block, so that a phone's two-column card keeps the summary beside its label, not under it.
              h(
                'div',
                {},
                h(
                  'a',
                  { href: `/app/cases/${item.id}`, 'data-link': true, class: 'case-link' },
                  label(procedure?.label ?? item.procedureLabel),
                  ' ',
                  h('span', { class: 'case-no', 'data-testid': 'case-no' }, caseRef(item)),
                ),
                summaryOf(item, procedure) ? h('span', { class: 'case-summary-text' }, summaryOf(item, procedure)) : null,
                // An appeal referred one level up (issue 18 §3): the body that decides it.
                item.appealBody
                  ? h('span', { class: 'badge badge-appeal', 'data-testid': 'appeal-marker' }, t('list.appealTo', { body: item.appealBody.name }))
                  : null,
                supervisionMarker(supervisions.get(item.id)),
              ),
            ),
            h(
              'td',
              { 'data-label': columns[1] },
              h('span', { class: `badge badge-state${item.status === 'done' ? ' badge-done' : ''}` }, label(item.stateLabel)),
            ),
            h(
              'td',
              { 'data-label': columns[2] },
              h(
                'div',
                {},
                item.turn.length
                  ? item.turn.map((role, i) => [
                      i ? t('list.separator') : '',
                      h('span', { class: myRoles.includes(role) ? 'turn-mine' : undefined }, roleName(role)),
                    ])
                  : h('span', { class: 'muted' }, '—'),
                mine ? h('span', { class: 'badge badge-action' }, t('list.canAct', { count: item.allowedEvents.length })) : null,
              ),
            ),
            warnings
              ? h(
                  'td',
                  { 'data-label': columns[7], class: 'nowrap warning-cell', 'data-testid': 'warning-cell' },
                  warningChip(mostUrgent(item.deadlines)) ?? h('span', { class: 'muted' }, '—'),
                )
              : null,
            h('td', { 'data-label': columns[3] }, deadlineCell(item.deadlines)),
            h('td', { 'data-label': columns[4], class: 'nowrap', 'data-testid': 'cadre-name' }, item.cadre?.name ?? item.data?.parties?.cadreId ?? ''),
            h('td', { 'data-label': columns[5] }, item.unit?.name ?? item.data?.parties?.unitId ?? ''),
            h('td', { 'data-label': columns[6], class: 'nowrap' }, h('time', { datetime: item.updatedAt }, dateTime(item.updatedAt))),
          );
        }),
      ),
    ),
  );
  // The reason once under the list, rather than a sentence in every row.
  return provisional
    ? h(
        'div',
        { class: 'case-list' },
        table,
        h('p', { class: 'muted list-note', 'data-testid': 'provisional-note' }, t('list.provisionalNote', { reason: label(provisional.provisionalReason) })),
      )
    : table;
}

/** An open 上级督办 or 交办 on the case, named as which: its due date, red once overdue (issue 18 §3). */
function supervisionMarker(supervision) {
  if (!supervision) return null;
  return h(
    'span',
    { class: `badge badge-supervision${supervision.overdue ? ' badge-supervision-overdue' : ''}`, 'data-testid': 'supervision-marker' },
    t(`list.${supervision.kind === 'assign' ? 'assigned' : 'supervised'}${supervision.overdue ? 'Overdue' : ''}`, { day: supervision.dueOn }),
  );
}

const RANK = { blue: 1, yellow: 2, red: 3 };

/** The most urgent colour among the case's running deadlines. */
function mostUrgent(deadlines) {
  return (
    (deadlines ?? [])
      .map((deadline) => deadline.warning)
      .filter(Boolean)
      .sort((a, b) => RANK[b] - RANK[a])[0] ?? null
  );
}

/** The case's running deadline that falls due first: the date, the days left or overdue, provisional or not. */
function deadlineCell(deadlines) {
  const [first] = deadlines ?? [];
  if (!first) return h('span', { class: 'muted' }, '—');
  const overdue = first.status === 'overdue' || first.daysLeft < 0;
  return h(
    'span',
    { class: `deadline-cell${overdue ? ' deadline-cell-overdue' : ''}`, 'data-due-at': first.dueAt },
    h('time', { datetime: first.dueAt, class: 'nowrap' }, dateOnly(first.dueAt)),
    ' ',
    h(
      'span',
      { class: 'deadline-days nowrap' },
      overdue ? t('deadlines.overdue', { days: Math.abs(first.daysLeft) }) : t('deadlines.left', { days: first.daysLeft }),
    ),
    provisionalBadge(first),
  );
}

/**
 * A line saying what the case is about: the value of the procedure's first long text field at
 * opening (the matter of an application, the summary of a report), wherever the record keeps it.
 */
function summaryOf(item, procedure) {
  const key = Object.entries(procedure?.creation?.fields ?? {}).find(([, spec]) => spec.kind === 'text' && spec.maxLength > 200 && !spec.sealed)?.[0];
  if (!key) return '';
  const found = findKey(item.data, key, 2);
  if (typeof found !== 'string') return '';
  return [...found].length > 48 ? `${[...found].slice(0, 47).join('')}…` : found;
}

function findKey(value, key, depth) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  if (key in value) return value[key];
  if (depth === 0) return undefined;
  for (const inner of Object.values(value)) {
    const found = findKey(inner, key, depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Previous / next with the position, as links so that the browser's history keeps the page. */
export function pager(page, pageSize, total, hrefFor) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return h('p', { class: 'pager-info muted' }, t('list.total', { total }));
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('list.pages') },
    page > 1 ? h('a', { href: hrefFor(page - 1), 'data-link': true, rel: 'prev' }, t('list.prev')) : h('span', { class: 'muted' }, t('list.prev')),
    h('span', { class: 'pager-info' }, t('list.pageOf', { page, pages, total })),
    page < pages ? h('a', { href: hrefFor(page + 1), 'data-link': true, rel: 'next' }, t('list.next')) : h('span', { class: 'muted' }, t('list.next')),
  );
}
