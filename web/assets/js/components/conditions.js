// @ts-check
import { h } from '../dom.js';
import { lang } from '../i18n.js';

/**
 * The unmet conditions a refusal names (`details.conditions`, each `{code, zh, en, field?}`), as a
 * list in the reader's language; null when the refusal names none.
 */
export function conditionList(error) {
  const conditions = Array.isArray(error?.details?.conditions) ? error.details.conditions : [];
  if (conditions.length === 0) return null;
  return h(
    'ul',
    { class: 'refusal-conditions' },
    conditions.map((item) => h('li', { 'data-condition': item.code }, lang() === 'en' ? item.en : item.zh)),
  );
}
