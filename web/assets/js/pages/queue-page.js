// @ts-check
import { api, query } from '../api.js';
import { h, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { roleName } from '../format.js';
import { latestProcedures, creationFor } from '../procedures.js';
import { navigate } from '../router.js';
import { rolesOf, STAFF_ROLES } from '../session.js';
import { caseTable, pager } from '../components/case-table.js';
import { WARNING_ROLES } from '../components/warning-chip.js';
import { attachDirectoryPicker } from '../components/directory-picker.js';

const TABS = ['mine', 'soon', 'overdue', 'recent'];
const SOON_DAYS = 5;
const PAGE_SIZE = 20;
const FILTERS = ['procedure', 'state', 'status', 'q', 'cadre', 'unit', 'warning', 'sort'];

/**
 * The staff work queue: my turn now, due soon, overdue, recently changed; with filters and search.
 * Everything lives in the URL, so back and forward and a shared link give the same list.
 */
export async function queuePage(ctx) {
  ctx.title = t('queue.title');
  const myRoles = rolesOf(ctx.user).filter((role) => STAFF_ROLES.includes(role));
  // The warning ladder's colours are for staff who see whole cases (the organisation department does not).
  const warnings = rolesOf(ctx.user).some((role) => WARNING_ROLES.includes(role));
  // The organisation department reads results and has no step of its own: no turn, no limits to
  // keep; it lands on the cases as they last changed, without tabs that would always read 0.
  const tabs = warnings ? TABS : ['recent'];
  const tab = tabs.includes(ctx.query.get('tab')) ? ctx.query.get('tab') : tabs[0];
  const role = myRoles.includes(ctx.query.get('role')) ? ctx.query.get('role') : myRoles[0];
  const filters = Object.fromEntries(FILTERS.map((key) => [key, ctx.query.get(key) ?? '']));
  if (!warnings) Object.assign(filters, { warning: '', sort: '' });
  const page = Math.max(1, Number(ctx.query.get('page')) || 1);

  const tabQuery = (name) =>
    ({
      mine: { turn: role, status: 'active' },
      soon: { dueWithinDays: SOON_DAYS, status: 'active' },
      overdue: { overdue: true, status: 'active' },
      recent: { sort: 'updatedAt', order: 'desc' },
    })[name];
  // A filter the user set (status, say) overrides the tab's default.
  const listQuery = { ...tabQuery(tab), ...stripEmpty(filters), page, pageSize: PAGE_SIZE };

  const [procedures, list, supervisions, ...counts] = await Promise.all([
    latestProcedures(),
    api(`/api/cases${query(listQuery)}`),
    // Open 上级督办 on the cases the caller sees whole: marked on their rows, red once overdue.
    warnings ? api('/api/supervisions/open') : Promise.resolve([]),
    ...tabs.map((name) => api(`/api/cases${query({ ...tabQuery(name), ...stripEmpty(filters), pageSize: 1 })}`).then((answer) => answer.total)),
  ]);

  const href = (changes) => {
    const params = { tab, role: myRoles.length > 1 ? role : undefined, ...filters, ...changes };
    return `/app/queue${query(params)}`;
  };

  const tabBar = h(
    'nav',
    { class: 'tabs', 'aria-label': t('queue.tabs') },
    tabs.map((name, index) =>
      h(
        'a',
        { href: href({ tab: name, page: undefined }), 'data-link': true, class: 'tab', 'aria-current': name === tab ? 'page' : undefined, 'data-tab': name },
        t(`queue.tab.${name}`),
        h('span', { class: `count${name === 'overdue' && counts[index] > 0 ? ' count-alert' : ''}` }, String(counts[index])),
      ),
    ),
  );

  return h(
    'section',
    { class: 'queue-page' },
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('queue.title')), creationLinks(procedures, ctx.user)),
    myRoles.length > 1 ? roleSwitch(myRoles, role, href) : null,
    warnings ? tabBar : null,
    h('p', { class: 'muted tab-help' }, t(warnings ? `queue.help.${tab}` : 'queue.help.results', { role: roleName(role), days: SOON_DAYS })),
    filterForm(procedures, filters, (next) => navigate(href({ ...next, page: undefined })), { warnings }),
    caseTable(list.items, procedures, { myRoles, warnings, supervisions: firstDueByCase(supervisions) }),
    pager(list.page, list.pageSize, list.total, (n) => href({ page: n })),
  );
}

function stripEmpty(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== '' && value !== undefined));
}

/** Which of several staff roles the "my turn" tab is for. */
function roleSwitch(roles, current, href) {
  return h(
    'p',
    { class: 'role-switch' },
    t('queue.actingAs'),
    ' ',
    roles.map((role) =>
      h('a', { href: href({ role }), 'data-link': true, 'aria-current': role === current ? 'true' : undefined, class: 'chip' }, roleName(role)),
    ),
  );
}

/** Staff who may open cases (an officer registering a report lead, 主动容错) get a link per procedure. */
export function creationLinks(procedures, user) {
  const roles = rolesOf(user);
  const allowed = procedures.filter((procedure) => procedure.creation.roles.some((role) => roles.includes(role)));
  if (!allowed.length) return null;
  return h(
    'div',
    { class: 'create-links' },
    allowed.map((procedure) =>
      h('a', { href: `/app/new/${procedure.id}`, 'data-link': true, class: 'button-secondary' }, label(creationFor(procedure, roles).label)),
    ),
  );
}

function filterForm(procedures, filters, apply, { warnings }) {
  const field = (name, text, input) => {
    const id = uid('filter');
    input.id = id;
    input.name = name;
    return h('div', { class: 'filter' }, h('label', { for: id }, text), input);
  };
  const procedureSelect = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.any')),
    procedures.map((procedure) => h('option', { value: procedure.id, selected: filters.procedure === procedure.id }, label(procedure.label))),
  );
  const stateSelect = h('select', {});
  const fillStates = () => {
    const procedure = procedures.find((candidate) => candidate.id === procedureSelect.value);
    stateSelect.replaceChildren(
      h('option', { value: '' }, t('filter.any')),
      ...(procedure
        ? Object.entries(procedure.states).map(([state, spec]) => h('option', { value: state, selected: filters.state === state }, label(spec.label)))
        : []),
    );
    stateSelect.disabled = !procedure;
  };
  procedureSelect.addEventListener('change', fillStates);
  fillStates();
  const statusSelect = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.any')),
    h('option', { value: 'active', selected: filters.status === 'active' }, t('filter.status.active')),
    h('option', { value: 'done', selected: filters.status === 'done' }, t('filter.status.done')),
  );
  const warningSelect = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.any')),
    ['red', 'yellow', 'blue', 'none'].map((colour) => h('option', { value: colour, selected: filters.warning === colour }, t(`warning.${colour}`))),
  );
  const sortSelect = h(
    'select',
    {},
    h('option', { value: '' }, t('filter.sort.updatedAt')),
    h('option', { value: 'urgency', selected: filters.sort === 'urgency' }, t('filter.sort.urgency')),
  );
  const search = h('input', { type: 'search', value: filters.q, maxlength: 100, placeholder: t('filter.qPlaceholder') });
  const cadre = h('input', { type: 'text', value: filters.cadre, maxlength: 64 });
  const unit = h('input', { type: 'text', value: filters.unit, maxlength: 64 });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filter.label') },
    field('q', t('filter.q'), search),
    field('procedure', t('filter.procedure'), procedureSelect),
    field('state', t('filter.state'), stateSelect),
    field('status', t('filter.status'), statusSelect),
    field('cadre', t('filter.cadre'), cadre),
    field('unit', t('filter.unit'), unit),
    warnings ? field('warning', t('filter.warning'), warningSelect) : null,
    warnings ? field('sort', t('filter.sort'), sortSelect) : null,
    h(
      'div',
      { class: 'filter filter-buttons' },
      h('button', { type: 'submit', class: 'button-primary' }, t('filter.apply')),
      h('button', { type: 'reset', class: 'button-quiet' }, t('filter.reset')),
    ),
  );
  // The cadre and the unit are picked from the directory by name or pinyin initials; the filter keeps the id.
  attachDirectoryPicker(cadre, 'cadres');
  attachDirectoryPicker(unit, 'units');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    apply({
      q: search.value.trim(),
      procedure: procedureSelect.value,
      state: stateSelect.disabled ? '' : stateSelect.value,
      status: statusSelect.value,
      cadre: cadre.value.trim(),
      unit: unit.value.trim(),
      warning: warnings ? warningSelect.value : '',
      sort: warnings ? sortSelect.value : '',
    });
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    apply({ q: '', procedure: '', state: '', status: '', cadre: '', unit: '', warning: '', sort: '' });
  });
  return form;
}

/** The open supervision due first, per case (the API lists them by due date). */
function firstDueByCase(supervisions) {
  const byCase = new Map();
  for (const item of supervisions) if (!byCase.has(item.caseId)) byCase.set(item.caseId, item);
  return byCase;
}
