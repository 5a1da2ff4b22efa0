// @ts-check
import { navigate } from '../router.js';
import { getUser, homePath } from '../session.js';
import { h } from '../dom.js';

/** `/` sends each user to their own start page. */
export async function homePage() {
  queueMicrotask(() => navigate(homePath(getUser()), { replace: true }));
  return h('p', { class: 'muted' }, '…');
}
