// @ts-check
import { api, ApiError, newIdempotencyKey } from '../api.js';
import { h } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { latestProcedures } from '../procedures.js';
import { navigate } from '../router.js';
import { rolesOf } from '../session.js';
import { fieldForm } from '../forms/field-form.js';
import { toast } from '../toast.js';
import { refusalText } from '../components/timeline.js';
import { attachCadrePicker } from '../components/cadre-picker.js';
import { notFoundView } from './not-found-page.js';

/**
 * Opening a case: the procedure's creation fields as a form (an applicant's application with the
 * descriptions of its attachments, an officer's report lead). The parties' own fields are filled
 * in for the user: an applicant applies for themselves, in their unit.
 */
export async function newCasePage(ctx) {
  const procedures = await latestProcedures();
  const procedure = procedures.find((candidate) => candidate.id === ctx.params.procedure);
  const roles = rolesOf(ctx.user);
  if (!procedure || !procedure.creation.roles.some((role) => roles.includes(role))) {
    ctx.title = t('notFound.title');
    return notFoundView(t('notFound.title'), t('newCase.notAllowed'));
  }
  ctx.title = label(procedure.creation.label);
  const initial = {
    // An applicant's or a unit's own unit; an officer's organ is not the cadre's unit (the picker fills that in).
    ...(procedure.creation.fields.unitId && ctx.user.unitId && (roles.includes('applicant') || roles.includes('unit')) ? { unitId: ctx.user.unitId } : {}),
    ...(procedure.creation.fields.cadreId && roles.includes('applicant') ? { cadreId: ctx.user.id } : {}),
  };
  const fields = fieldForm(procedure.creation.fields, { initial });
  const notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', class: 'button-primary' }, t('newCase.submit'));
  const key = newIdempotencyKey();
  let attempted = false;
  const form = h('form', { class: 'new-case-form', novalidate: true }, notice, fields.element, h('div', { class: 'form-actions' }, button));
  form.addEventListener('input', () => {
    if (attempted) fields.showErrors(fields.read().problems);
  });
  // Someone opening a case for a cadre picks them from the directory (an applicant is the cadre).
  const cadreInput = form.querySelector('input[name="cadreId"]');
  if (cadreInput instanceof HTMLInputElement && !roles.includes('applicant')) {
    const unitInput = form.querySelector('input[name="unitId"]');
    attachCadrePicker(cadreInput, unitInput instanceof HTMLInputElement ? unitInput : null);
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    attempted = true;
    const { value, problems } = fields.read();
    fields.showErrors(problems);
    if (problems.length) {
      notice.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, t('form.fixErrors', { count: problems.length })));
      fields.focusFirstError();
      return;
    }
    button.disabled = true;
    try {
      // One key per form: a double click or a retried request opens one case, not two.
      const created = await api('/api/cases', {
        method: 'POST',
        body: { procedure: procedure.id, ...value },
        headers: { 'Idempotency-Key': `${key}-${hash(JSON.stringify(value))}` },
      });
      toast(t('newCase.created'));
      await navigate(`/app/cases/${created.id}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 'CASE.INVALID_PAYLOAD') {
        // A condition the refusal names for a field says it in the reader's language.
        const conditions = Array.isArray(error.details?.conditions) ? error.details.conditions : [];
        const worded = (field, message) => {
          const named = conditions.find((item) => item.field === field);
          return named ? (lang() === 'en' ? named.en : named.zh) : message;
        };
        const unplaced = fields.showErrors(
          (error.details?.fields ?? []).flatMap((problem) =>
            problem.messages.map((message) => ({ path: problem.field, message: worded(problem.field, message) })),
          ),
        );
        notice.replaceChildren(
          h(
            'div',
            { class: 'notice notice-error', role: 'alert' },
            t('form.serverRejected'),
            unplaced.length
              ? h(
                  'ul',
                  {},
                  unplaced.map((m) => h('li', {}, m)),
                )
              : null,
          ),
        );
        fields.focusFirstError();
      } else {
        notice.replaceChildren(
          h('div', { class: 'notice notice-error', role: 'alert' }, error.code === 'NETWORK' ? t('error.network') : refusalText(error.code)),
        );
      }
    } finally {
      button.disabled = false;
    }
  });
  return h(
    'section',
    { class: 'panel new-case-page' },
    h('h1', { tabindex: '-1' }, label(procedure.creation.label)),
    h('p', { class: 'muted' }, t('newCase.help')),
    form,
  );
}

/** A short digest so that a changed form gets a new key (the server refuses a reused key with a new body). */
function hash(text) {
  let value = 0;
  for (let i = 0; i < text.length; i += 1) value = (Math.imul(31, value) + text.charCodeAt(i)) | 0;
  return (value >>> 0).toString(16);
}
