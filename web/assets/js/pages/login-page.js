// @ts-check
import { ApiError } from '../api.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';
import { navigate } from '../router.js';
import { getToken, getUser, homePath, login } from '../session.js';
import { passwordChangeForm } from '../components/password-change-form.js';
import { toast } from '../toast.js';

export async function loginPage(ctx) {
  ctx.title = t('login.title');
  const next = ctx.query.get('next');
  if (getToken() && getUser()) {
    queueMicrotask(() => navigate(safeNext(next) ?? homePath(getUser()), { replace: true }));
  }
  const userId = uid('login');
  const passwordId = uid('login');
  const username = h('input', {
    id: userId,
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    required: true,
    autocapitalize: 'none',
    spellcheck: 'false',
  });
  const password = h('input', { id: passwordId, name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const message = h('div', { class: 'form-notice', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'button-primary' }, t('login.submit'));
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    message,
    h('div', { class: 'field' }, h('label', { for: userId }, t('login.username')), h('div', { class: 'field-input' }, username)),
    h('div', { class: 'field' }, h('label', { for: passwordId }, t('login.password')), h('div', { class: 'field-input' }, password)),
    h('div', { class: 'form-actions' }, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      showError(t('login.missing'));
      (username.value.trim() ? password : username).focus();
      return;
    }
    button.disabled = true;
    try {
      const user = await login(username.value.trim(), password.value);
      if (user.mustChangePassword) {
        forcedChange(username.value.trim(), password.value, user.token);
        return;
      }
      await navigate(safeNext(next) ?? homePath(user), { replace: true });
    } catch (error) {
      showError(loginError(error));
      password.value = '';
      password.focus();
    } finally {
      button.disabled = false;
    }
  });
  function showError(text) {
    message.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, text));
  }
  const heading = h('h1', { tabindex: '-1' }, t('login.title'));
  const panel = h(
    'section',
    { class: 'panel login-panel' },
    heading,
    ctx.query.get('expired') ? h('p', { class: 'notice notice-warning' }, t('login.expired')) : null,
    form,
  );
  /** A password someone else set (等保): the new one first, then in with it. */
  function forcedChange(userName, given, token) {
    heading.textContent = t('password.forcedTitle');
    document.title = t('password.forcedTitle');
    const changeForm = passwordChangeForm({
      userId: userName,
      token,
      current: given,
      onChanged: async (chosen) => {
        const user = await login(userName, chosen);
        toast(t('password.changed'));
        await navigate(safeNext(next) ?? homePath(user), { replace: true });
      },
    });
    panel.replaceChildren(heading, h('p', { class: 'notice notice-warning', 'data-testid': 'password-forced' }, t('password.forcedNote')), changeForm);
    changeForm.querySelector('input')?.focus();
  }
  return panel;
}

function loginError(error) {
  if (!(error instanceof ApiError)) return String(error);
  if (error.code === 'AUTH.INVALID_CREDENTIALS') return t('login.invalid');
  if (error.code === 'AUTH.LOCKED') return t('login.locked', { until: dateTime(error.details?.lockedUntil) });
  if (error.status === 429) return t('login.tooMany');
  if (error.code === 'NETWORK') return t('error.network');
  return error.message;
}

/** Only paths inside the pages: a crafted `next` must not send the user elsewhere. */
function safeNext(next) {
  return next && next.startsWith('/app/') && !next.startsWith('//') && !next.startsWith('/app/login') ? next : undefined;
}
