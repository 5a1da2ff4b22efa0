// @ts-check
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { conditionList } from './conditions.js';

/**
 * A refused request, shown next to the form that sent it: the conditions the service names in the
 * reader's language, or, when it names none, what the status says (never the service's English
 * message or its code: issue 23 §5).
 * @param {any} error
 * @param {string} testid
 */
export function refusalNotice(error, testid) {
  const list = conditionList(error);
  return h(
    'div',
    { class: 'notice notice-error', role: 'alert', 'data-testid': testid, 'data-code': error?.code ?? '' },
    h('p', {}, t(list ? 'admin.refused' : fallbackKey(error))),
    list,
  );
}

function fallbackKey(error) {
  if (error?.code === 'NETWORK') return 'error.network';
  if (error?.status === 403) return 'admin.refused.forbidden';
  if (error?.status === 404) return 'admin.refused.notFound';
  if (error?.status === 409) return 'admin.refused.conflict';
  if (error?.status === 429) return 'admin.refused.tooMany';
  return 'admin.refused.invalid';
}
