// @ts-check
import { api, ApiError, contentHash, newIdempotencyKey } from '../api.js';
import { h } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { latestProcedures } from '../procedures.js';
import { navigate } from '../router.js';
import { fieldForm } from '../forms/field-form.js';
import { toast } from '../toast.js';
import { refusalText } from '../components/timeline.js';
import { attachCadrePicker } from '../components/cadre-picker.js';
import { attachDirectoryPicker } from '../components/directory-picker.js';
import { notFoundView } from './not-found-page.js';

/** The procedure a higher body hands down as a new matter: a report lead (澄清正名). */
const PROCEDURE = 'clarification';

/**
 * 交办新事项 (issue 18 §3): a leader of a higher body picks a body below theirs, the report-back
 * date and what is asked, and registers the lead as that body's officer would; one request opens
 * the case in the lower body with its 交办 record (POST /api/supervisions/assignments).
 */
export async function assignPage(ctx) {
  const procedure = (await latestProcedures()).find((candidate) => candidate.id === PROCEDURE);
  ctx.title = t('assign.title');
  if (!procedure) return notFoundView(t('notFound.title'), t('newCase.notAllowed'));
  const body = h('input', { name: 'bodyId', id: 'assign-body', required: true, 'data-testid': 'assign-body' });
  const dueOn = h('input', { type: 'date', name: 'dueOn', id: 'assign-due', required: true, 'data-testid': 'assign-due' });
  const instructions = h('textarea', { name: 'instructions', id: 'assign-instructions', rows: 3, required: true, 'data-testid': 'assign-instructions' });
  const fields = fieldForm(procedure.creation.fields);
  const key = newIdempotencyKey();
  const notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button-primary', 'data-testid': 'assign-submit' }, t('assign.submit'));
  const row = (id, key, input) => h('div', { class: 'field' }, h('label', { for: id }, t(key)), input);
  const form = h(
    'form',
    { class: 'new-case-form', novalidate: true },
    notice,
    h(
      'fieldset',
      {},
      h('legend', {}, t('assign.assignment')),
      row('assign-body', 'assign.body', body),
      row('assign-due', 'assign.dueOn', dueOn),
      row('assign-instructions', 'assign.instructions', instructions),
    ),
    h('fieldset', {}, h('legend', {}, label(procedure.creation.label)), fields.element),
    h('div', { class: 'form-actions' }, submit),
  );
  attachDirectoryPicker(body, 'bodies');
  const cadreInput = form.querySelector('input[name="cadreId"]');
  const unitInput = form.querySelector('input[name="unitId"]');
  if (unitInput instanceof HTMLInputElement) attachDirectoryPicker(unitInput, 'units');
  if (cadreInput instanceof HTMLInputElement) attachCadrePicker(cadreInput, unitInput instanceof HTMLInputElement ? unitInput : null);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { value: opening, problems } = fields.read();
    fields.showErrors(problems);
    if (problems.length) {
      notice.replaceChildren(h('div', { class: 'notice notice-error', role: 'alert' }, t('form.fixErrors', { count: problems.length })));
      fields.focusFirstError();
      return;
    }
    submit.disabled = true;
    try {
      const request = { bodyId: body.value.trim(), procedure: PROCEDURE, dueOn: dueOn.value, instructions: instructions.value.trim(), opening };
      // One key per form and content: a double click or a retried request opens one case, not two.
      const assigned = await api('/api/supervisions/assignments', {
        method: 'POST',
        body: request,
        headers: { 'Idempotency-Key': `${key}-${contentHash(JSON.stringify(request))}` },
      });
      toast(t('assign.done', { caseNo: assigned.caseNo ?? '', body: assigned.toBody.name }));
      await navigate(`/app/cases/${assigned.caseId}`);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Each unmet condition in the reader's language, as the refusal names it.
      const conditions = Array.isArray(error.details?.conditions) ? error.details.conditions : [];
      const said = conditions.map((item) => (lang() === 'en' ? item.en : item.zh));
      notice.replaceChildren(
        h(
          'div',
          { class: 'notice notice-error', role: 'alert', 'data-testid': 'assign-refused' },
          t('assign.refused'),
          said.length
            ? h(
                'ul',
                {},
                said.map((text) => h('li', {}, text)),
              )
            : ` ${error.code === 'NETWORK' ? t('error.network') : refusalText(error.code)}`,
        ),
      );
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', { class: 'panel new-case-page' }, h('h1', { tabindex: '-1' }, t('assign.title')), h('p', { class: 'muted' }, t('assign.help')), form);
}
