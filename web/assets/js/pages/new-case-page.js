// @ts-check
import { api, ApiError, contentHash, newIdempotencyKey } from '../api.js';
import { h } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { creationFor, latestProcedures } from '../procedures.js';
import { navigate } from '../router.js';
import { rolesOf } from '../session.js';
import { fieldForm } from '../forms/field-form.js';
import { toast } from '../toast.js';
import { refusalText } from '../components/timeline.js';
import { attachCadrePicker } from '../components/cadre-picker.js';
import { attachDirectoryPicker } from '../components/directory-picker.js';
import { conditionList } from '../components/conditions.js';
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
  const opening = creationFor(procedure, roles);
  ctx.title = label(opening.label);
  // What the user's account settles is not asked again (issue 23 §16): an applicant applies for
  // themselves, in their unit; a unit's account for a cadre of its own unit.
  const own = roles.includes('applicant');
  const fixed = {
    ...(opening.fields.unitId && ctx.user.unitId && (own || roles.includes('unit')) ? { unitId: ctx.user.unitId } : {}),
    ...(opening.fields.cadreId && own ? { cadreId: ctx.user.id } : {}),
  };
  const asked = Object.fromEntries(Object.entries(opening.fields).filter(([key]) => !(key in fixed)));
  const fields = fieldForm(asked);
  const notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
  // An application saved as a draft can be submitted at once: 保存并提交 beside 保存草稿.
  const submitSpec = procedure.states?.draft && procedure.events?.SUBMIT;
  const canSubmit = Boolean(submitSpec && submitSpec.roles.some((role) => roles.includes(role)));
  const saveButton = h(
    'button',
    { type: 'submit', class: canSubmit ? 'button-secondary' : 'button-primary', value: 'save' },
    t(canSubmit ? 'newCase.saveDraft' : 'newCase.submit'),
  );
  const submitButton = canSubmit
    ? h('button', { type: 'submit', class: 'button-primary', value: 'submit', 'data-testid': 'save-and-submit' }, t('newCase.saveAndSubmit'))
    : null;
  const buttons = [saveButton, submitButton].filter((button) => button !== null);
  const key = newIdempotencyKey();
  let attempted = false;
  const form = h('form', { class: 'new-case-form', novalidate: true }, notice, fields.element, h('div', { class: 'form-actions' }, submitButton, saveButton));
  form.addEventListener('input', () => {
    if (attempted) fields.showErrors(fields.read().problems);
  });
  // Someone opening a case for a cadre picks them, and the unit, from the directory (an applicant
  // is the cadre, in their own unit; a unit account's unit is its own).
  const cadreInput = form.querySelector('input[name="cadreId"]');
  const unitInput = form.querySelector('input[name="unitId"]');
  if (unitInput instanceof HTMLInputElement) attachDirectoryPicker(unitInput, 'units');
  if (cadreInput instanceof HTMLInputElement && !roles.includes('applicant')) {
    attachCadrePicker(cadreInput, unitInput instanceof HTMLInputElement ? unitInput : null);
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    attempted = true;
    const { value: given, problems } = fields.read();
    fields.showErrors(problems);
    if (problems.length) {
      notice.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, t('form.fixErrors', { count: problems.length })));
      fields.focusFirstError();
      return;
    }
    // Nothing written is nothing to save: no empty draft (issue 23 §16).
    if (Object.keys(given).length === 0) {
      notice.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert', 'data-testid': 'empty-form' }, t('newCase.empty')));
      form.querySelector('input, textarea, select')?.focus();
      return;
    }
    const value = { ...given, ...fixed };
    const andSubmit = event instanceof SubmitEvent && event.submitter === submitButton;
    for (const button of buttons) button.disabled = true;
    try {
      // One key per form: a double click or a retried request opens one case, not two.
      const created = await api('/api/cases', {
        method: 'POST',
        body: { procedure: procedure.id, ...value },
        headers: { 'Idempotency-Key': `${key}-${contentHash(JSON.stringify(value))}` },
      });
      const refusal = andSubmit ? await submitDraft(created) : null;
      if (!andSubmit) toast(t(canSubmit ? 'newCase.draftSaved' : 'newCase.created'));
      await navigate(`/app/cases/${created.id}`);
      // Why it was not submitted, in the submit form the applicant lands on (the draft is kept).
      if (refusal) document.querySelector('details.action[data-event="SUBMIT"] .form-notice')?.replaceChildren(refusal);
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
      for (const button of buttons) button.disabled = false;
    }
  });
  // The attachments' descriptions are asked for only where the form has them.
  const describesEvidence = Object.values(asked).some((spec) => spec.kind === 'textList' && /材料|附件/.test(spec.label?.zh ?? ''));
  return h(
    'section',
    { class: 'panel new-case-page' },
    h('h1', { tabindex: '-1' }, label(opening.label)),
    fixed.cadreId ? h('p', { 'data-testid': 'applying-as' }, t('newCase.asSelf', { name: ctx.user.displayName })) : null,
    !fixed.cadreId && fixed.unitId ? h('p', { 'data-testid': 'applying-as' }, t('newCase.asUnit', { name: ctx.user.displayName })) : null,
    h('p', { class: 'muted' }, t('newCase.help'), describesEvidence ? t('newCase.evidenceHelp') : ''),
    form,
  );
}

/**
 * 保存并提交: the draft just saved is submitted as saved. A refusal (the application is not complete
 * yet) leaves the saved draft; the notice saying why is returned for the page the user lands on.
 * @returns {Promise<HTMLElement | null>}
 */
async function submitDraft(created) {
  try {
    await api(`/api/cases/${created.id}/events`, {
      method: 'POST',
      body: { type: 'SUBMIT', expectedVersion: created.version },
      headers: { 'Idempotency-Key': newIdempotencyKey() },
    });
    toast(t('newCase.submitted'));
    return null;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    toast(t('newCase.draftSaved'));
    return h(
      'div',
      { class: 'notice notice-warning', role: 'alert', 'data-testid': 'not-submitted' },
      t('newCase.savedNotSubmitted'),
      conditionList(error) ?? ` ${refusalText(error.code)}`,
    );
  }
}
