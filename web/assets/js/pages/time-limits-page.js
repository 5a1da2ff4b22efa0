// @ts-check
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { latestProcedures } from '../procedures.js';

/**
 * The time limits in force, per procedure and step, as `GET /api/procedures` states them: the
 * length (the jurisdiction's rules file over the procedure table's default, both shown when they
 * differ), the day it counts from, what happens when it runs out, and the warning ladder. Read
 * only: the lengths are set in the deployment's rules file (docs/operations.md), the working days
 * they count on on the calendar page.
 */
export async function timeLimitsPage(ctx) {
  ctx.title = t('limits.title');
  const procedures = await latestProcedures();
  return h(
    'section',
    { class: 'limits-page' },
    h('h1', { tabindex: '-1' }, t('limits.title')),
    h('p', { class: 'calendar-intro' }, t('limits.intro'), ' ', h('a', { href: '/app/admin/calendar', 'data-link': true }, t('nav.calendar'))),
    procedures.map((definition) => procedureLimits(definition)),
  );
}

function procedureLimits(definition) {
  const rows = Object.entries(definition.states ?? {}).filter(([, state]) => state.deadline);
  const cell = (key, ...content) => h('td', { 'data-label': t(`limits.col.${key}`) }, ...content);
  return h(
    'section',
    { class: 'panel', 'data-procedure': definition.id, 'aria-labelledby': `limits-${definition.id}` },
    h('h2', { id: `limits-${definition.id}` }, label(definition.label)),
    rows.length === 0
      ? h('p', { class: 'muted' }, t('limits.none'))
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'limits-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['step', 'length', 'from', 'expiry', 'warning'].map((key) => h('th', { scope: 'col' }, t(`limits.col.${key}`))),
              ),
            ),
            h(
              'tbody',
              {},
              rows.map(([name, state]) => {
                const limit = state.deadline;
                return h(
                  'tr',
                  { 'data-rule': limit.rule },
                  cell('step', label(state.label), limit.label ? h('div', { class: 'muted' }, label(limit.label)) : null),
                  cell(
                    'length',
                    duration(limit),
                    limit.configured
                      ? h('div', { class: 'muted', 'data-testid': 'limit-default' }, t('limits.default', { value: duration(limit.default) }))
                      : null,
                    limit.dueDateFixedByCase ? h('div', { class: 'muted' }, t('limits.fixedByCase')) : null,
                  ),
                  cell('from', label(limit.startsAt?.label)),
                  cell('expiry', limit.onExpiry ? label(definition.events?.[limit.onExpiry]?.label) || t('limits.expiryEvent') : t('limits.duty')),
                  cell(
                    'warning',
                    limit.warning ? t('limits.ladder', { blue: limit.warning.bluePercent, yellow: limit.warning.yellowWorkingDays }) : t('limits.noLadder'),
                  ),
                );
              }),
            ),
          ),
        ),
  );
}

function duration(limit) {
  return t(`limits.unit.${limit.unit}`, { n: limit.length });
}
