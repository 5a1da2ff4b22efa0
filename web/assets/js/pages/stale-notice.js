// @ts-check
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { actorText, eventName, stateName } from '../components/timeline.js';
import { dateTime } from '../format.js';

/**
 * What changed since the user loaded the case, shown in place of a silent overwrite: the version,
 * the state, and each step others took meanwhile. The user then re-submits deliberately, or drops
 * their input.
 */
export function staleNotice(definition, { before, after, newEntries, stillAllowed, onRetry, onDiscard }) {
  return h(
    'div',
    { class: 'notice notice-warning stale-notice', role: 'alert', 'data-testid': 'stale-notice' },
    h('h3', {}, t('stale.title')),
    h('p', {}, t('stale.version', { from: before.version, to: after.version })),
    before.state !== after.state
      ? h('p', {}, t('stale.state', { from: stateName(definition, before.state), to: stateName(definition, after.state) }))
      : h('p', {}, t('stale.sameState', { state: stateName(definition, after.state) })),
    newEntries.length
      ? h(
          'ul',
          { class: 'stale-changes' },
          newEntries.map((entry) => h('li', {}, dateTime(entry.at), ' · ', h('strong', {}, eventName(definition, entry.event)), ' · ', actorText(entry))),
        )
      : null,
    h('p', {}, stillAllowed ? t('stale.retryHint') : t('stale.notAllowed')),
    h(
      'div',
      { class: 'form-actions' },
      stillAllowed ? h('button', { type: 'button', class: 'button-primary', 'data-testid': 'stale-retry', onClick: onRetry }, t('stale.retry')) : null,
      h('button', { type: 'button', class: 'button-secondary', 'data-testid': 'stale-discard', onClick: onDiscard }, t('stale.discard')),
    ),
  );
}
