// @ts-check
import { api, ApiError } from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime } from '../format.js';
import { toast } from '../toast.js';
import { conditionList } from './conditions.js';

/**
 * 上级督办 / 交办 on a case (issue 18 §3): each supervision or assignment with the higher body, its
 * due date (red once overdue and not reported), what it asks and the report back; the form to open
 * one for a leader of a higher body, the form to report back for the case's own body (the API says
 * who may: `mayOpen`, `mayReport`). `answer` is GET /api/cases/:id/supervisions.
 */
export function supervisionPanel(caseId, answer, onChanged) {
  const root = h('div', { class: 'supervision-panel', 'data-testid': 'supervision-panel' });
  const { items, mayOpen, mayReport } = answer;
  replace(
    root,
    items.length === 0
      ? h('p', { class: 'muted' }, t('supervision.none'))
      : h(
          'ul',
          { class: 'supervision-list' },
          items.map((item) => entry(caseId, item, mayReport, onChanged)),
        ),
    mayOpen ? openForm(caseId, onChanged) : null,
  );
  return root;
}

function entry(caseId, item, mayReport, onChanged) {
  return h(
    'li',
    { class: `supervision-item${item.overdue ? ' supervision-overdue' : ''}`, 'data-testid': 'supervision-item', 'data-status': item.status },
    h('p', { class: 'supervision-head' }, h('strong', {}, t(`supervision.kind.${item.kind}`)), ' ', t('supervision.byBody', { body: item.byBody.name })),
    h(
      'p',
      {},
      t('supervision.dueOn', { day: item.dueOn }),
      ' ',
      item.status === 'reported'
        ? h('span', { class: 'badge badge-done' }, t('supervision.reported'))
        : h(
            'span',
            { class: `badge ${item.overdue ? 'badge-refused' : 'badge-state'}`, 'data-testid': 'supervision-status' },
            t(item.overdue ? 'supervision.overdue' : 'supervision.open'),
          ),
    ),
    h('p', { class: 'supervision-text' }, item.instructions),
    item.report
      ? h('p', { class: 'supervision-report' }, t('supervision.reportOf', { at: dateTime(item.reportedAt) }), item.report)
      : mayReport && item.status === 'open'
        ? reportForm(caseId, item, onChanged)
        : null,
  );
}

function reportForm(caseId, item, onChanged) {
  const text = h('textarea', { name: 'report', rows: 3, required: true, minlength: 2, maxlength: 5000 });
  const problems = h('div', { class: 'form-problems', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'supervision-form', 'data-testid': 'supervision-report-form' },
    h('label', {}, t('supervision.reportLabel'), text),
    problems,
    h('button', { type: 'submit', class: 'button-primary' }, t('supervision.reportSubmit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(`/api/cases/${caseId}/supervisions/${item.id}/report`, { report: text.value.trim() }, problems, onChanged);
  });
  return form;
}

function openForm(caseId, onChanged) {
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'supervise' }, t('supervision.kind.supervise')),
    h('option', { value: 'assign' }, t('supervision.kind.assign')),
  );
  const dueOn = h('input', { type: 'date', name: 'dueOn', required: true });
  const instructions = h('textarea', { name: 'instructions', rows: 3, required: true, minlength: 2, maxlength: 2000 });
  const problems = h('div', { class: 'form-problems', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'supervision-form', 'data-testid': 'supervision-open-form' },
    h('h3', {}, t('supervision.openTitle')),
    h('label', {}, t('supervision.kindLabel'), kind),
    h('label', {}, t('supervision.dueOnLabel'), dueOn),
    h('label', {}, t('supervision.instructionsLabel'), instructions),
    problems,
    h('button', { type: 'submit', class: 'button-primary' }, t('supervision.openSubmit')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(`/api/cases/${caseId}/supervisions`, { kind: kind.value, dueOn: dueOn.value, instructions: instructions.value.trim() }, problems, onChanged);
  });
  return form;
}

async function send(path, body, problems, onChanged) {
  replace(problems);
  try {
    await api(path, { method: 'POST', body });
    toast(t('supervision.saved'));
    await onChanged();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    replace(problems, h('p', { class: 'form-error', role: 'alert' }, t('supervision.refused')), conditionList(error));
  }
}
