import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { dateOnly, dateTime } from '../format.js';
import { warningChip } from './warning-chip.js';

/**
 * 超期预警与督办 on the case page (staff and auditors): the ladder's thresholds for the running
 * limit, every colour the case's deadlines carried (current, or withdrawn when the step was done),
 * and the 提示函 and 督办函 recorded, with their date and addressee, from GET /api/cases/:id/warnings.
 */
export function warningPanel(definition, view, warnings) {
  // The thresholds in force for the running limit (GET /api/procedures gives them per rule).
  const thresholds = view.deadlines?.length ? definition.states[view.state]?.deadline?.warning : null;
  return h(
    'div',
    { class: 'warning-panel', 'data-testid': 'warning-panel' },
    h('p', { class: 'muted warning-help' }, t('warnings.help')),
    thresholds ? h('p', { class: 'warning-rule' }, t('warnings.rule', { percent: thresholds.bluePercent, days: thresholds.yellowWorkingDays })) : null,
    warnings.deadlines.length === 0 && warnings.letters.length === 0 ? h('p', { class: 'muted' }, t('warnings.none')) : null,
    warnings.deadlines.length
      ? h(
          'ul',
          { class: 'warning-history' },
          warnings.deadlines.map((deadline) =>
            h(
              'li',
              { 'data-rule': deadline.rule, 'data-withdrawn': String(Boolean(deadline.withdrawnAt)) },
              warningChip(deadline.colour),
              ' ',
              h('span', { class: 'deadline-label-inline' }, label(deadline.label)),
              ' ',
              h(
                'span',
                { class: 'muted' },
                deadline.withdrawnAt
                  ? t('warnings.withdrawn', { at: dateTime(deadline.withdrawnAt) })
                  : t('warnings.current', { colour: t(`warning.${deadline.colour}`), since: dateTime(deadline.since) }),
              ),
            ),
          ),
        )
      : null,
    warnings.letters.length
      ? [
          h('h3', {}, t('warnings.letters')),
          h(
            'ul',
            { class: 'letter-list' },
            warnings.letters.map((letter) =>
              h(
                'li',
                { class: `letter letter-${letter.colour}`, 'data-kind': letter.kind, 'data-withdrawn': String(Boolean(letter.withdrawnAt)) },
                h('strong', {}, t('warnings.letter', { kind: label(letter.kindLabel), date: dateOnly(letter.issuedAt) })),
                h('span', { class: 'letter-line' }, t('warnings.addressee', { title: label(letter.addressee.titleLabel) })),
                h('span', { class: 'letter-line muted letter-note' }, label(letter.addressee.note)),
                h('span', { class: 'letter-line' }, t('warnings.letterDue', { rule: label(letter.label), date: dateOnly(letter.dueAt) })),
                h(
                  'span',
                  { class: `letter-line ${letter.withdrawnAt ? 'muted' : 'letter-active'}` },
                  letter.withdrawnAt ? t('warnings.letterWithdrawn', { at: dateTime(letter.withdrawnAt) }) : t('warnings.letterActive'),
                ),
              ),
            ),
          ),
        ]
      : null,
  );
}
