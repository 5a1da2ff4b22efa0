// @ts-check
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { roleName } from '../format.js';
import { fieldForm } from '../forms/field-form.js';

/**
 * One action the caller may take now: a foldable form generated from the event's field specs.
 * Validation runs on submit and then again as the user corrects fields; `onSubmit` gets the
 * payload only when the client-side checks pass.
 */
export function actionForm(type, spec, { open = false, onSubmit, lookups = {}, initial = {} }) {
  const fields = fieldForm(spec.fields ?? {}, { lookups, initial });
  const notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
  const submitButton = h('button', { type: 'submit', class: 'button-primary' }, t('action.submit', { event: label(spec.label) }));
  let attempted = false;

  const form = h(
    'form',
    { class: 'action-form', novalidate: true, 'data-event': type },
    notice,
    Object.keys(spec.fields ?? {}).length ? fields.element : h('p', { class: 'muted' }, t('action.noFields')),
    h('div', { class: 'form-actions' }, submitButton),
  );
  const element = h(
    'details',
    { class: 'action', 'data-event': type, open: open || undefined },
    h(
      'summary',
      {},
      h('span', { class: 'action-name' }, label(spec.label)),
      h(
        'span',
        { class: 'action-roles' },
        spec.roles
          .filter((r) => r !== 'system')
          .map(roleName)
          .join(t('list.separator')),
      ),
    ),
    form,
  );

  const check = () => {
    const { value, problems } = fields.read();
    const unplaced = fields.showErrors(problems);
    return { value, problems, unplaced };
  };

  form.addEventListener('input', () => {
    if (attempted) check();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    attempted = true;
    const { value, problems } = check();
    if (problems.length) {
      setNotice('error', t('form.fixErrors', { count: problems.length }));
      fields.focusFirstError();
      return;
    }
    clearNotice();
    await onSubmit(value, handle);
  });

  function setNotice(kind, ...content) {
    notice.replaceChildren(h('div', { class: `notice notice-${kind}`, role: kind === 'error' || kind === 'warning' ? 'alert' : 'status' }, ...content));
  }
  function clearNotice() {
    notice.replaceChildren();
  }

  const handle = {
    type,
    element,
    read: () => fields.read(),
    setBusy(busy) {
      submitButton.disabled = busy;
      form.setAttribute('aria-busy', busy ? 'true' : 'false');
    },
    /** Server-side messages per field (400 CASE.INVALID_PAYLOAD). */
    showServerErrors(fieldProblems) {
      const problems = fieldProblems.flatMap((problem) => problem.messages.map((message) => ({ path: problem.field, message })));
      const unplaced = fields.showErrors(problems);
      setNotice(
        'error',
        t('form.serverRejected'),
        unplaced.length
          ? h(
              'ul',
              {},
              unplaced.map((message) => h('li', {}, message)),
            )
          : null,
      );
      fields.focusFirstError();
    },
    setNotice,
    clearNotice,
    submitButton,
  };
  return handle;
}
