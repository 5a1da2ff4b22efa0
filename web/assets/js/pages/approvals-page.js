// @ts-check
import { api } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { dateTime, roleName } from '../format.js';
import { refresh } from '../router.js';
import { hasAnyRole } from '../session.js';
import { refusalNotice } from '../components/refusal.js';
import { toast } from '../toast.js';

/**
 * Requests to reset an administrator's password or disable an administrator's account (the
 * two-person rule, src/admin/admin-approvals.service.ts): the system administrator asks; the
 * security administrator decides, or the audit administrator for a security administrator's
 * account; never the requester nor the account holder. The page offers the decision only to whom
 * it falls, says why to the others, and shows the service's refusal next to the buttons.
 */
export async function approvalsPage(ctx) {
  ctx.title = t('approvals.title');
  const approvals = await api('/api/admin/approvals');
  const me = ctx.user;
  const pending = approvals.filter((item) => item.status === 'pending');
  const done = approvals.filter((item) => item.status !== 'pending');
  return h(
    'section',
    { class: 'approvals-page' },
    h('h1', { tabindex: '-1' }, t('approvals.title')),
    h('p', { class: 'calendar-intro' }, t('approvals.intro')),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'approvals-pending-heading', 'data-testid': 'approvals-pending' },
      h('h2', { id: 'approvals-pending-heading' }, t('approvals.pending', { count: pending.length })),
      pending.length
        ? h(
            'ul',
            { class: 'approval-list' },
            pending.map((item) => approvalCard(item, me)),
          )
        : h('p', { class: 'muted' }, t('approvals.nonePending')),
    ),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'approvals-done-heading', 'data-testid': 'approvals-done' },
      h('h2', { id: 'approvals-done-heading' }, t('approvals.done')),
      done.length
        ? h(
            'ul',
            { class: 'approval-list' },
            done.map((item) => approvalCard(item, me)),
          )
        : h('p', { class: 'muted' }, t('approvals.noneDone')),
    ),
  );
}

function approvalCard(item, me) {
  const facts = [
    [t('approvals.target'), item.target],
    [t('approvals.requestedBy'), `${item.requestedBy} · ${dateTime(item.requestedAt)}`],
    [t('approvals.approver'), roleName(item.approverRole)],
    item.status === 'pending' ? [t('approvals.expiresAt'), dateTime(item.expiresAt)] : null,
    item.decidedBy ? [t('approvals.decidedBy'), `${item.decidedBy} · ${dateTime(item.decidedAt)}`] : null,
    item.note ? [t('approvals.note'), item.note] : null,
  ].filter(Boolean);
  return h(
    'li',
    { class: 'panel approval-card', 'data-approval': item.id, 'data-status': item.status },
    h(
      'h3',
      {},
      t(`approvals.kind.${item.kind}`),
      ' · ',
      h('span', { class: `approval-status status-${item.status}`, 'data-testid': 'approval-status' }, t(`approvals.status.${item.status}`)),
    ),
    h(
      'dl',
      { class: 'account-facts' },
      facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    item.status === 'pending' ? decision(item, me) : null,
  );
}

/** Approve or refuse, for the one the decision falls to; the others read why it is not theirs. */
function decision(item, me) {
  const why = !hasAnyRole(me, ['secAdmin', 'auditAdmin'])
    ? 'approvals.notYours.requester'
    : item.requestedBy === me.id
      ? 'approvals.notYours.own'
      : item.target === me.id
        ? 'approvals.notYours.account'
        : !hasAnyRole(me, [item.approverRole])
          ? 'approvals.notYours.role'
          : null;
  if (why) return h('p', { class: 'muted', 'data-testid': 'approval-not-yours' }, t(why, { approver: roleName(item.approverRole) }));
  const notice = h('div', { 'aria-live': 'polite' });
  const note = h('textarea', { id: uid('note'), name: 'note', rows: 2, maxlength: 1000 });
  const send = async (approve, button) => {
    replace(notice);
    const buttons = [...form.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    try {
      await api(`/api/admin/approvals/${item.id}/decision`, { method: 'POST', body: { approve, ...(note.value.trim() ? { note: note.value.trim() } : {}) } });
      toast(t(approve ? 'approvals.approvedToast' : 'approvals.deniedToast'));
      await refresh();
    } catch (error) {
      replace(notice, refusalNotice(error, 'approval-refused'));
      for (const b of buttons) b.disabled = false;
      button.focus();
    }
  };
  const approve = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'approval-approve' }, t('approvals.approve'));
  const deny = h('button', { type: 'button', class: 'button-danger', 'data-testid': 'approval-deny' }, t('approvals.deny'));
  approve.addEventListener('click', () => void send(true, approve));
  deny.addEventListener('click', () => void send(false, deny));
  const form = h(
    'div',
    { class: 'admin-form', 'data-testid': 'approval-decision' },
    h('div', { class: 'field' }, h('label', { for: note.id }, t('approvals.noteLabel')), note),
    notice,
    h('div', { class: 'form-actions' }, approve, deny),
  );
  return form;
}
