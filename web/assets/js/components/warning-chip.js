import { h } from '../dom.js';
import { t } from '../i18n.js';

/** Roles that see the warning ladder's colours (the API gives them to staff and auditors only). */
export const WARNING_ROLES = ['officer', 'reviewer', 'committee', 'leader', 'auditor'];

/**
 * A deadline's colour on the 三色 warning ladder (蓝色/黄色/红色预警) as a small coloured chip with
 * its name, so the colour is never the only sign; null when it has none.
 */
export function warningChip(colour, { short = false } = {}) {
  if (!colour) return null;
  return h(
    'span',
    { class: `warning-chip warning-${colour}`, 'data-warning': colour, title: t(`warning.${colour}`) },
    h('span', { class: 'warning-dot', 'aria-hidden': 'true' }),
    t(short ? `warning.short.${colour}` : `warning.${colour}`),
  );
}
