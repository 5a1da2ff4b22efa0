// @ts-check
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';
import { homePath, login } from '../session.js';
import { passwordChangeForm } from '../components/password-change-form.js';
import { toast } from '../toast.js';

/**
 * 修改密码, from the header at any time: the current password, the new one twice. The service
 * ends every session of the account on a change, so the page logs in again with the new one.
 */
export async function passwordPage(ctx) {
  ctx.title = t('password.title');
  const form = passwordChangeForm({
    userId: ctx.user.id,
    onChanged: async (chosen) => {
      const user = await login(ctx.user.id, chosen);
      toast(t('password.changed'));
      await navigate(homePath(user), { replace: true });
    },
  });
  return h('section', { class: 'panel login-panel' }, h('h1', { tabindex: '-1' }, t('password.title')), form);
}
