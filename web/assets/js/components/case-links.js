// @ts-check
import { h } from '../dom.js';
import { hasMessage, label, t } from '../i18n.js';
import { shortId } from '../format.js';

/** The origin case and the follow-ups a case opened (a correction after a tolerance decision…). */
export function caseLinks(view, procedures) {
  const byId = new Map(procedures.map((procedure) => [procedure.id, procedure]));
  const item = (link, direction) => {
    const procedure = byId.get(link.procedure);
    const relation = hasMessage(`relation.${link.relation}`) ? t(`relation.${link.relation}`) : link.relation;
    return h(
      'li',
      {},
      h('span', { class: 'link-direction' }, t(direction), ' '),
      h(
        'a',
        { href: `/app/cases/${link.caseId}`, 'data-link': true },
        label(procedure?.label) || link.procedure,
        ' ',
        link.caseNo || `#${shortId(link.caseId)}`,
      ),
      relation ? h('span', { class: 'muted' }, ' (', relation, ')') : null,
      link.state ? h('span', { class: 'badge' }, label(procedure?.states?.[link.state]?.label) || link.state) : null,
    );
  };
  const items = [
    view.links?.origin ? item(view.links.origin, 'links.origin') : null,
    ...(view.links?.children ?? []).map((link) => item(link, 'links.child')),
  ].filter(Boolean);
  return items.length ? h('ul', { class: 'link-list' }, items) : h('p', { class: 'muted' }, t('links.none'));
}
