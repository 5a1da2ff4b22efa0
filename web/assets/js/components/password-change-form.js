// @ts-check
import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { t } from '../i18n.js';
import { refusalNotice } from './refusal.js';

/** As src/identity/password-policy.ts: the page says what is wrong before sending; the service decides. */
const MIN_LENGTH = 12;
const MAX_LENGTH = 128;
const CLASSES = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/];

/** What the new password fails of the policy, as message keys; empty when it passes. */
function problemsOf(userId, current, next, repeated) {
  const problems = [];
  if (next.length < MIN_LENGTH || next.length > MAX_LENGTH || CLASSES.filter((pattern) => pattern.test(next)).length < 3) problems.push('password.tooWeak');
  else if (userId.length >= 3 && next.toLowerCase().includes(userId.toLowerCase())) problems.push('password.containsId');
  if (current && next === current) problems.push('password.sameAsOld');
  if (next !== repeated) problems.push('password.mismatch');
  return problems;
}

/**
 * Changing one's password (issue 18 §1): the new password twice, the policy stated beside it and
 * checked before sending (and by the service), never the old one again. Forced at first login (the
 * password someone else set is already known, so it is not asked again) or chosen from the header.
 * The service ends every session of the account on a change: `onChanged` logs in again with it.
 * @param {{ userId: string, token?: string, current?: string, onChanged: (password: string) => Promise<void> }} options
 *   token: the first login's, which the page does not keep (it works for nothing but this change);
 *   current: the password the account was given, when forced
 */
export function passwordChangeForm({ userId, token, current, onChanged }) {
  const field = (key, input, hint) => {
    input.id = uid('password');
    return h('div', { class: 'field' }, h('label', { for: input.id }, t(key)), h('div', { class: 'field-input' }, input), hint);
  };
  const policy = h('p', { class: 'field-hint', id: uid('policy'), 'data-testid': 'password-policy' }, t('password.policy', { min: MIN_LENGTH }));
  const currentInput = current
    ? null
    : h('input', { name: 'currentPassword', type: 'password', autocomplete: 'current-password', required: true, maxlength: 200 });
  const next = h('input', {
    name: 'newPassword',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    maxlength: 200,
    'aria-describedby': policy.id,
  });
  const repeated = h('input', { name: 'repeatPassword', type: 'password', autocomplete: 'new-password', required: true, maxlength: 200 });
  const notice = h('div', { class: 'form-notice', 'aria-live': 'assertive' });
  const button = h('button', { type: 'submit', class: 'button-primary' }, t('password.submit'));
  const form = h(
    'form',
    { class: 'password-form', novalidate: true, 'data-testid': 'password-form' },
    notice,
    currentInput ? field('password.current', currentInput) : null,
    field('password.new', next, policy),
    field('password.repeat', repeated),
    h('div', { class: 'form-actions' }, button),
  );
  const showProblems = (keys) =>
    notice.replaceChildren(
      h(
        'div',
        { class: 'notice notice-error', role: 'alert', 'data-testid': 'password-refused' },
        h(
          'ul',
          {},
          keys.map((key) => h('li', {}, t(key, { min: MIN_LENGTH }))),
        ),
      ),
    );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const currentPassword = current ?? currentInput?.value ?? '';
    if (!currentPassword || !next.value) {
      showProblems(['password.missing']);
      return;
    }
    const problems = problemsOf(userId, currentPassword, next.value, repeated.value);
    if (problems.length > 0) {
      showProblems(problems);
      next.focus();
      return;
    }
    button.disabled = true;
    try {
      await api('/api/auth/password', {
        method: 'POST',
        body: { currentPassword, newPassword: next.value },
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      await onChanged(next.value);
    } catch (error) {
      notice.replaceChildren(refusalNotice(error, 'password-refused'));
      button.disabled = false;
    }
  });
  return form;
}
