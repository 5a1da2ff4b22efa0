// @ts-check
import { h } from '../dom.js';
import { hasMessage, label, t } from '../i18n.js';
import { dateTime, roleName } from '../format.js';
import { recordView } from './record-view.js';

/** How the trail names an event: the procedure's label, or the engine's own entries' messages. */
export function eventName(definition, type) {
  const known = definition?.events?.[type]?.label;
  if (known) return label(known);
  return hasMessage(`event.${type}`) ? t(`event.${type}`) : type;
}

export function stateName(definition, state) {
  if (!state) return '';
  return label(definition?.states?.[state]?.label) || state;
}

/**
 * Who acted, as staff read it: the account and its role, or for a case's protected person (the
 * reporter, the accuser) only the pseudonym the API gives (「举报人」), never an account.
 */
export function actorText(entry) {
  if (entry.actorLabel) return label(entry.actorLabel);
  return t('timeline.actor', { actor: entry.actorId, role: roleName(entry.actorRole) });
}

export function refusalText(code) {
  return hasMessage(`code.${code}`) ? t(`code.${code}`) : code;
}

/**
 * Every step of the case in order: when, what, who (in which role), from which state to which,
 * refusals marked. `plain` is the applicant's wording: roles rather than staff accounts;
 * entries after position `markAfter` are marked new. With `onReceipt` (a party's own timeline) each
 * step offers its receipt: proof that it is in the transparency log, verifiable offline.
 * @param {any} definition
 * @param {any[]} entries
 * @param {{ plain?: boolean, markAfter?: number, onReceipt?: (entry: any, button: HTMLButtonElement) => void }} [options]
 */
export function timeline(definition, entries, { plain = false, markAfter, onReceipt } = {}) {
  if (!entries.length) return h('p', { class: 'muted' }, t('timeline.empty'));
  return h(
    'ol',
    { class: 'timeline' },
    entries.map((entry) => {
      const refused = entry.outcome === 'refused';
      const moved = entry.fromState !== entry.toState && entry.toState;
      // The case row an entry records (caseRow) is for verification, not the case's story.
      const { caseRow: _caseRow, ...data } = entry.data ?? {};
      const hasData = Object.keys(data).length > 0;
      return h(
        'li',
        {
          class: `timeline-entry${refused ? ' entry-refused' : ''}${markAfter !== undefined && entry.position > markAfter ? ' entry-new' : ''}`,
          'data-event': entry.event,
          'data-position': entry.position,
        },
        h('time', { datetime: entry.at, class: 'entry-time' }, dateTime(entry.at)),
        h(
          'div',
          { class: 'entry-body' },
          h('strong', { class: 'entry-event' }, eventName(definition, entry.event)),
          refused ? h('span', { class: 'badge badge-refused' }, t('timeline.refused'), ': ', refusalText(entry.refusalCode)) : null,
          h(
            'div',
            { class: 'entry-meta' },
            plain ? (entry.actorLabel ? label(entry.actorLabel) : roleName(entry.actorRole)) : actorText(entry),
            moved
              ? h(
                  'span',
                  { class: 'entry-move' },
                  ' · ',
                  stateName(definition, entry.fromState) || t('timeline.start'),
                  ' → ',
                  stateName(definition, entry.toState),
                )
              : null,
          ),
          entry.reason ? h('p', { class: 'entry-reason' }, t('timeline.reason'), ': ', entry.reason) : null,
          hasData && !refused
            ? h('details', { class: 'entry-data' }, h('summary', {}, t('timeline.details')), recordView(definition, data, entry.event))
            : null,
          onReceipt && !refused ? receiptButton(entry, onReceipt) : null,
        ),
      );
    }),
  );
}

/**
 * @param {any} entry
 * @param {(entry: any, button: HTMLButtonElement) => void} onReceipt
 */
function receiptButton(entry, onReceipt) {
  const button = /** @type {HTMLButtonElement} */ (
    h(
      'button',
      { type: 'button', class: 'button-quiet entry-receipt', title: t('timeline.receiptHelp'), 'data-testid': `receipt-${entry.position}` },
      t('timeline.receipt'),
    )
  );
  button.addEventListener('click', () => onReceipt(entry, button));
  return button;
}
