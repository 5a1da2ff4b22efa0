// @ts-check
import { api, query } from '../api.js';
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { caseRef, dateTime } from '../format.js';
import { rolesOf } from '../session.js';
import { latestProcedures, procedureVersion } from '../procedures.js';
import { progressBar } from '../components/progress-bar.js';
import { pager } from '../components/case-table.js';
import { expectationView } from '../components/expectation.js';
import { creationLinks } from './queue-page.js';

const PAGE_SIZE = 10;

/**
 * The applicant's own cases (the API lists only those): each with its progress, what is expected
 * of them now and by when, or whose turn it is.
 */
export async function myCasesPage(ctx) {
  ctx.title = t('my.title');
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);
  const [procedures, list] = await Promise.all([latestProcedures(), api(`/api/cases${query({ page, pageSize: PAGE_SIZE, sort: 'updatedAt' })}`)]);
  const definitions = await Promise.all(list.items.map((item) => procedureVersion(item.procedure, item.procedureVersion)));
  // Each listed case carries its running deadlines: what is expected by when needs no second read.
  const myRoles = rolesOf(ctx.user);
  const mine = list.items;
  return h(
    'section',
    { class: 'my-cases-page' },
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('my.title')), creationLinks(procedures, ctx.user)),
    list.items.length
      ? h(
          'ul',
          { class: 'case-cards' },
          mine.map((item, index) => h('li', {}, caseCard(definitions[index], item, myRoles))),
        )
      : h('p', { class: 'muted empty', 'data-testid': 'empty-list' }, t('my.empty')),
    pager(list.page, list.pageSize, list.total, (n) => `/app/my?page=${n}`),
  );
}

function caseCard(definition, item, myRoles) {
  const yourTurn = item.allowedEvents.length > 0 && item.turn.some((role) => myRoles.includes(role));
  return h(
    'article',
    { class: `case-card${yourTurn ? ' case-card-mine' : ''}`, 'data-case-id': item.id },
    h(
      'h2',
      {},
      h('a', { href: `/app/cases/${item.id}`, 'data-link': true }, label(definition.label), ' ', caseRef(item)),
      ' ',
      h('span', { class: `badge badge-state${item.status === 'done' ? ' badge-done' : ''}` }, label(item.stateLabel)),
    ),
    progressBar(definition, item),
    expectationView(definition, item, myRoles, { compact: true }),
    h('p', { class: 'muted' }, t('my.updated', { time: dateTime(item.updatedAt) })),
  );
}
