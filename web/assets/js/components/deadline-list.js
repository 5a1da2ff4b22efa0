// @ts-check
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { dateOnly, dateTime } from '../format.js';
import { warningChip } from './warning-chip.js';

/**
 * Running deadlines: what is due, by when, counted from which day, how many days remain, what
 * happens on expiry, and (for staff) the warning ladder's colour; and, for a due date counted
 * Monday to Friday because its year's holidays are not published yet, that it is provisional and
 * why (the API gives the reason in both languages).
 */
export function deadlineList(definition, deadlines) {
  if (!deadlines?.length) return h('p', { class: 'muted' }, t('deadlines.none'));
  return h(
    'ul',
    { class: 'deadline-list' },
    deadlines.map((deadline) => {
      const overdue = deadline.status === 'overdue' || deadline.daysLeft < 0;
      return h(
        'li',
        { class: `deadline${overdue ? ' deadline-overdue' : deadline.daysLeft <= 3 ? ' deadline-soon' : ''}` },
        h('span', { class: 'deadline-label' }, label(deadline.label)),
        ' ',
        h('time', { datetime: deadline.dueAt, title: dateTime(deadline.dueAt) }, t('deadlines.due', { date: dateOnly(deadline.dueAt) })),
        ' ',
        h(
          'span',
          { class: 'deadline-days' },
          overdue ? t('deadlines.overdue', { days: Math.abs(deadline.daysLeft) }) : t('deadlines.left', { days: deadline.daysLeft }),
        ),
        provisionalBadge(deadline),
        warningChip(deadline.warning),
        deadline.countedFrom
          ? h(
              'span',
              { class: 'deadline-start', 'data-testid': 'deadline-start' },
              t('deadlines.countedFrom', { start: label(deadline.startsAt), date: dateOnly(deadline.countedFrom) }),
            )
          : null,
        deadline.provisional ? h('span', { class: 'deadline-provisional', 'data-testid': 'deadline-provisional' }, label(deadline.provisionalReason)) : null,
        h(
          'span',
          { class: 'deadline-expiry' },
          deadline.onExpiry ? t('deadlines.onExpiry', { event: label(definition.events[deadline.onExpiry]?.label) || deadline.onExpiry }) : t('deadlines.duty'),
        ),
      );
    }),
  );
}

/** 「暂定」 next to a provisional due date, its reason as the tooltip; null for an official one. */
export function provisionalBadge(deadline) {
  if (!deadline?.provisional) return null;
  return h('span', { class: 'badge badge-provisional', title: label(deadline.provisionalReason), 'data-provisional': 'true' }, t('deadlines.provisional'));
}
