// @ts-check
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { caseRef, dateTime } from '../format.js';

/**
 * A leader's list of requests to read a sealed identity that wait for a decision, on the cases they
 * see; each leads to the case's reveal page, where the decision is made. The list names the case,
 * who asked, when and why: never whom the request is about.
 */
export async function pendingRevealsPage(ctx) {
  ctx.title = t('reveals.pendingTitle');
  const items = await api('/api/reveals');
  const cell = (key, ...content) => h('td', { 'data-label': t(`reveals.col.${key}`) }, ...content);
  return h(
    'section',
    { class: 'pending-reveals-page' },
    h('h1', { tabindex: '-1' }, t('reveals.pendingTitle')),
    h('p', { class: 'calendar-intro' }, t('reveals.pendingIntro')),
    items.length === 0
      ? h('p', { class: 'panel muted', 'data-testid': 'pending-reveals-empty' }, t('reveals.pendingNone'))
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'pending-reveals-table', 'data-testid': 'pending-reveals' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['case', 'requestedBy', 'requestedAt', 'reason'].map((key) => h('th', { scope: 'col' }, t(`reveals.col.${key}`))),
              ),
            ),
            h(
              'tbody',
              {},
              items.map((item) =>
                h(
                  'tr',
                  { 'data-reveal': item.id },
                  cell('case', h('a', { href: `/app/cases/${item.caseId}/reveals`, 'data-link': true }, caseRef({ id: item.caseId, caseNo: item.caseNo }))),
                  cell('requestedBy', item.requestedBy),
                  cell('requestedAt', dateTime(item.requestedAt)),
                  cell('reason', item.reason),
                ),
              ),
            ),
          ),
        ),
  );
}
