// @ts-check
import { api } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { label, t } from '../i18n.js';
import { dateOnly, dateTime } from '../format.js';
import { latestProcedures } from '../procedures.js';
import { refresh } from '../router.js';
import { refusalNotice } from '../components/refusal.js';
import { toast } from '../toast.js';

/**
 * Retention on the integrity page (issue 22 §4; src/audit/retirement-proposals.service.ts): what
 * is due per kind, a proposal to retire it, and the pending proposals. Retiring needs two audit
 * administrators: the other one approves or rejects; the proposer may only withdraw, and reads why.
 */
export async function retentionPanel(me) {
  const [kinds, proposals, procedures] = await Promise.all([api('/api/audit/retention'), api('/api/audit/retention/proposals'), latestProcedures()]);
  const names = new Map(procedures.map((procedure) => [procedure.id, label(procedure.label)]));
  const kindName = (kind) => names.get(kind) ?? t(`retention.kind.${['security', 'admin', 'audit-reads'].includes(kind) ? kind : 'other'}`);
  const pending = proposals.filter((item) => item.status === 'pending');
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'integrity-retention-heading', 'data-testid': 'retention' },
    h('h2', { id: 'integrity-retention-heading' }, t('retention.heading')),
    h('p', { class: 'muted' }, t('retention.note')),
    h('h3', {}, t('retention.pending', { count: pending.length })),
    pending.length
      ? h(
          'ul',
          { class: 'approval-list', 'data-testid': 'retention-pending' },
          pending.map((item) => proposalCard(item, me, kindName)),
        )
      : h('p', { class: 'muted', 'data-testid': 'retention-none-pending' }, t('retention.nonePending')),
    // A kind already proposed waits for that proposal (the service refuses a second).
    proposeForm(kinds, new Set(pending.map((item) => item.kind)), kindName),
  );
}

function proposalCard(item, me, kindName) {
  const facts = [
    [t('retention.entries'), t('retention.entriesValue', { count: item.entries, first: item.firstLogIndex, last: item.lastLogIndex })],
    [t('retention.cutoff'), t('retention.cutoffValue', { date: dateOnly(item.cutoff), days: item.days })],
    [t('retention.reason'), item.reason],
    [t('retention.proposedBy'), `${item.proposedBy} · ${dateTime(item.proposedAt)}`],
    [t('retention.expiresAt'), dateTime(item.expiresAt)],
  ];
  return h(
    'li',
    { class: 'panel approval-card', 'data-proposal': item.id, 'data-kind': item.kind },
    h('h3', {}, t('retention.proposalTitle', { kind: kindName(item.kind) })),
    h(
      'dl',
      { class: 'account-facts' },
      facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    item.moreDue ? h('p', { class: 'muted' }, t('retention.moreDue')) : null,
    decision(item, me),
  );
}

/** Approve or reject for the other audit administrator; withdraw only, for the proposer. */
function decision(item, me) {
  const own = item.proposedBy === me.id;
  const notice = h('div', { 'aria-live': 'polite' });
  const note = h('textarea', { id: uid('note'), name: 'note', rows: 2, maxlength: 500 });
  const buttons = [];
  const send = async (action, button) => {
    replace(notice);
    for (const b of buttons) b.disabled = true;
    try {
      const text = note.value.trim();
      await api(`/api/audit/retention/proposals/${item.id}/${action}`, { method: 'POST', body: text ? { note: text } : {} });
      toast(t(`retention.${action}Toast.${own ? 'own' : 'other'}`));
      await refresh();
    } catch (error) {
      replace(notice, refusalNotice(error, 'retention-refused'));
      for (const b of buttons) b.disabled = false;
      button.focus();
    }
  };
  if (!own) {
    const approve = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'retention-approve' }, t('retention.approve'));
    approve.addEventListener('click', () => void send('approve', approve));
    buttons.push(approve);
  }
  const reject = h('button', { type: 'button', class: 'button-danger', 'data-testid': 'retention-reject' }, t(own ? 'retention.withdraw' : 'retention.reject'));
  reject.addEventListener('click', () => void send('reject', reject));
  buttons.push(reject);
  return h(
    'div',
    { class: 'admin-form', 'data-testid': 'retention-decision' },
    own ? h('p', { class: 'muted', 'data-testid': 'retention-own' }, t('retention.ownProposal')) : null,
    h('div', { class: 'field' }, h('label', { for: note.id }, t(own ? 'retention.withdrawNote' : 'retention.noteLabel')), note),
    notice,
    h('div', { class: 'form-actions' }, buttons),
  );
}

function proposeForm(kinds, proposed, kindName) {
  const due = kinds.filter((kind) => kind.due > 0 && !proposed.has(kind.kind));
  if (due.length === 0)
    return kinds.some((kind) => kind.due > 0) ? null : h('p', { class: 'muted', 'data-testid': 'retention-nothing-due' }, t('retention.nothingDue'));
  const kind = h(
    'select',
    { id: uid('kind'), name: 'kind', 'data-testid': 'retention-kind' },
    due.map((item) => h('option', { value: item.kind }, t('retention.kindOption', { kind: kindName(item.kind), due: item.due, days: item.days }))),
  );
  const reason = h('textarea', { id: uid('reason'), name: 'reason', rows: 2, maxlength: 500, required: true, 'data-testid': 'retention-reason' });
  const notice = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button-quiet', 'data-testid': 'retention-propose' }, t('retention.propose'));
  const form = h(
    'form',
    { class: 'admin-form', 'data-testid': 'retention-form' },
    h('h3', {}, t('retention.proposeHeading')),
    h('div', { class: 'field' }, h('label', { for: kind.id }, t('retention.kindLabel')), kind),
    h('div', { class: 'field' }, h('label', { for: reason.id }, t('retention.reasonLabel')), reason),
    notice,
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(notice);
    submit.disabled = true;
    try {
      await api('/api/audit/retention/proposals', { method: 'POST', body: { kind: kind.value, reason: reason.value.trim() } });
      toast(t('retention.proposedToast'));
      await refresh();
    } catch (error) {
      replace(notice, refusalNotice(error, 'retention-refused'));
      submit.disabled = false;
    }
  });
  return form;
}
