// @ts-check
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { dateTime, roleName } from '../format.js';
import { eventName } from './timeline.js';
import { provisionalBadge } from './deadline-list.js';

/**
 * The applicant's "what is expected of me, and by when". When the current step is theirs, the
 * actions they may take are what is expected, with the running deadline. Otherwise whose turn it
 * is, and any action open to them meanwhile (withdrawing an application) as an option.
 */
export function expectationView(definition, view, myRoles, { compact = false } = {}) {
  const due = view.deadlines?.find((deadline) => deadline.status === 'open' || deadline.status === 'overdue');
  // An option (withdrawing, editing a draft) is offered, never listed as what is expected (§16).
  const isOption = (type) => Boolean(definition.events?.[type]?.optional);
  const steps = view.allowedEvents.filter((type) => !isOption(type)).map((type) => eventName(definition, type));
  const options = view.allowedEvents.filter(isOption).map((type) => eventName(definition, type));
  if (view.status === 'done') return h('p', { class: 'expectation', 'data-testid': 'expectation' }, t('expect.done', { state: label(view.stateLabel) }));
  const myTurn = view.turn.some((role) => myRoles.includes(role)) && steps.length > 0;
  const actions = myTurn ? steps : [...steps, ...options];
  if (myTurn) {
    return h(
      'div',
      { class: 'expectation expectation-mine', 'data-testid': 'expectation', 'data-my-turn': 'true' },
      h('p', {}, h('strong', {}, t('expect.yourTurn')), compact ? ` ${actions.join(t('list.separator'))}` : null),
      compact
        ? null
        : h(
            'ul',
            {},
            actions.map((name) => h('li', {}, name)),
          ),
      due ? h('p', { class: 'expect-due' }, t('expect.by', { date: dateTime(due.dueAt), label: label(due.label) }), provisionalBadge(due)) : null,
      provisionalNote(due),
      options.length && !compact
        ? h('p', { class: 'muted', 'data-testid': 'expect-options' }, t('expect.options', { actions: options.join(t('list.separator')) }))
        : null,
    );
  }
  return h(
    'div',
    { class: 'expectation', 'data-testid': 'expectation', 'data-my-turn': 'false' },
    h(
      'p',
      {},
      t('expect.waiting', { who: view.turn.map(roleName).join(t('list.separator')) || t('case.noTurn') }),
      due ? ` ${t('expect.theirDeadline', { date: dateTime(due.dueAt) })}` : '',
      provisionalBadge(due),
    ),
    provisionalNote(due),
    actions.length ? h('p', { class: 'muted' }, t('expect.options', { actions: actions.join(t('list.separator')) })) : null,
  );
}

/** A provisional due date says why, in plain words, where the cadre reads it. */
function provisionalNote(due) {
  return due?.provisional ? h('p', { class: 'muted provisional-note', 'data-testid': 'expect-provisional' }, label(due.provisionalReason)) : null;
}
