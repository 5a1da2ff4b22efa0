// @ts-check
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { getUser, homePath } from '../session.js';

export function notFoundView(title, message) {
  return h(
    'section',
    { class: 'panel not-found', 'data-testid': 'not-found' },
    h('h1', { tabindex: '-1' }, title),
    h('p', {}, message),
    h('p', {}, h('a', { href: homePath(getUser()), 'data-link': true }, t('notFound.home'))),
  );
}

export async function notFoundPage(ctx) {
  ctx.title = t('notFound.title');
  return notFoundView(t('notFound.title'), t('notFound.page'));
}

/** Administrators manage users and settings; they have no case access (等保 separation of duties). */
export async function noAccessPage(ctx) {
  ctx.title = t('noAccess.title');
  return h('section', { class: 'panel' }, h('h1', { tabindex: '-1' }, t('noAccess.title')), h('p', {}, t('noAccess.text')));
}
