// @ts-check
import { h } from '../dom.js';
import { fileSize } from './attachments-panel.js';
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
export function actorText(entry, names = {}) {
  if (entry.actorLabel) return label(entry.actorLabel);
  // The service's own steps (a deadline passing, a decision revoked) have no person behind them.
  if (entry.actorRole === 'system') return roleName('system');
  return t('timeline.actor', { actor: names[entry.actorId] ?? entry.actorName ?? entry.actorId, role: roleName(entry.actorRole) });
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
 * `names` turns the identifiers a record keeps (the cadre's account, the unit) into their names.
 * @param {{ plain?: boolean, markAfter?: number, names?: Record<string, string>, onReceipt?: (entry: any, button: HTMLButtonElement) => void }} [options]
 */
export function timeline(definition, entries, { plain = false, markAfter, names, onReceipt } = {}) {
  if (!entries.length) return h('p', { class: 'muted' }, t('timeline.empty'));
  const list = h(
    'ol',
    { class: 'timeline' },
    entries.map((entry) => {
      const refused = entry.outcome === 'refused';
      const moved = entry.fromState !== entry.toState && entry.toState;
      // The case row an entry records (caseRow) is for verification, not the case's story.
      // Files the step cited are listed by name and size (their digests are in the trail itself).
      const { caseRow: _caseRow, attachments, attachment: _attachment, ...data } = entry.data ?? {};
      // A case brought in from the backlog: its source in words; the digests stay in the trail (and a tooltip).
      const imported = entry.event === 'IMPORTED' && !refused && entry.data?.source !== undefined;
      const hasData = Object.keys(data).length > 0 && !imported;
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
            plain ? (entry.actorLabel ? label(entry.actorLabel) : roleName(entry.actorRole)) : actorText(entry, names),
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
          imported ? importedSource(data) : null,
          Array.isArray(attachments) && attachments.length && !refused ? citedFiles(attachments) : null,
          hasData && !refused
            ? h(
                'details',
                { class: 'entry-data' },
                h('summary', {}, t('timeline.details')),
                recordView(definition, data, entry.event, { names, hideActors: plain }),
              )
            : null,
          onReceipt && !refused ? receiptButton(entry, onReceipt) : null,
        ),
      );
    }),
  );
  const refusals = entries.filter((entry) => entry.outcome === 'refused').length;
  return refusals ? foldRefusals(list, refusals) : list;
}

/**
 * 「存量案件导入」: the original number and the dates the row stated, from which row of which file.
 * @param {any} data
 */
function importedSource(data) {
  const source = data.source ?? {};
  return h(
    'p',
    { class: 'entry-imported', 'data-testid': 'entry-imported', title: `SHA-256 ${source.rowSha256 ?? ''} / ${source.fileSha256 ?? ''}` },
    t('timeline.imported', {
      originalNo: data.originalNo ?? '',
      openedOn: data.openedOn ?? '',
      stepEnteredOn: data.stepEnteredOn ?? '',
      row: source.row ?? '',
    }),
  );
}

/** @param {Array<{ name?: string, size: number, digest: string }>} files */
function citedFiles(files) {
  return h(
    'p',
    { class: 'entry-files' },
    t('timeline.attachments'),
    '：',
    files.map((file, index) => [index ? '、' : '', h('span', { title: file.digest }, file.name ?? t('case.protectedFile'), `（${fileSize(file.size)}）`)]),
  );
}

/**
 * Refused attempts change nothing, yet on a busy case they crowd out the steps that did happen:
 * they are folded away by default, with their count, and one click shows them in place.
 * @param {Element} list
 * @param {number} count
 */
function foldRefusals(list, count) {
  list.classList.add('refusals-folded');
  const toggle = /** @type {HTMLButtonElement} */ (
    h('button', { type: 'button', class: 'button-quiet', 'aria-expanded': 'false', 'data-testid': 'refusals-toggle' }, t('timeline.showRefusals', { count }))
  );
  toggle.addEventListener('click', () => {
    const folded = list.classList.toggle('refusals-folded');
    toggle.setAttribute('aria-expanded', String(!folded));
    toggle.textContent = t(folded ? 'timeline.showRefusals' : 'timeline.hideRefusals', { count });
  });
  return h('div', { class: 'timeline-wrap' }, h('p', { class: 'timeline-refusals muted' }, toggle), list);
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
