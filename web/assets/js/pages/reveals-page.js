// @ts-check
import { api } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { hasMessage, t } from '../i18n.js';
import { caseRef, dateTime } from '../format.js';
import { refresh } from '../router.js';
import { hasAnyRole } from '../session.js';
import { refusalNotice } from '../components/refusal.js';
import { toast } from '../toast.js';

/** How long a leader may grant a read, in hours (the service allows 1 to 72). */
const VALID_HOURS = [1, 2, 8, 24, 72];

/**
 * Reading a case's sealed identities (the reporter's, the accuser's; domain.md §4, src/reveals): the
 * case officer asks with a reason, a leader other than the requester grants for a limited time or
 * refuses, and only the requester reads while the grant lasts; every step is on the case's chain.
 *
 * Secrecy: the identities are shown only in the granted read's own panel, and are dropped from the
 * page when the grant ends; they never go into the title, the address, a list, a notice or the
 * console. The history shows who asked, why and what was decided, never what was read.
 */
export async function revealsPage(ctx) {
  const id = ctx.params.id;
  const [view, reveals] = await Promise.all([api(`/api/cases/${id}`), api(`/api/cases/${id}/reveals`)]);
  const ref = caseRef(view);
  ctx.title = t('reveals.title');
  const me = ctx.user;
  const officer = hasAnyRole(me, ['officer']);
  const readArea = h('div', { 'aria-live': 'polite', 'data-testid': 'reveal-read-area' });
  return h(
    'section',
    { class: 'reveals-page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: `/app/cases/${id}`, 'data-link': true, 'data-testid': 'back-to-case' }, t('reveals.backToCase', { ref }))),
    h('h1', { tabindex: '-1' }, t('reveals.heading', { ref })),
    h(
      'section',
      { class: 'panel duty-rules', 'data-testid': 'reveal-rules', 'aria-labelledby': 'reveal-rules-heading' },
      h('h2', { id: 'reveal-rules-heading' }, t('reveals.rulesHeading')),
      h(
        'ul',
        {},
        ['ask', 'other', 'time', 'record'].map((key) => h('li', {}, t(`reveals.rule.${key}`))),
      ),
    ),
    readArea,
    officer ? requestForm(id) : null,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'reveal-history-heading', 'data-testid': 'reveal-history' },
      h('h2', { id: 'reveal-history-heading' }, t('reveals.history', { count: reveals.length })),
      reveals.length
        ? h(
            'ol',
            { class: 'approval-list' },
            [...reveals].reverse().map((item) => revealCard(item, me, readArea)),
          )
        : h('p', { class: 'muted' }, t('reveals.none')),
    ),
  );
}

function requestForm(caseId) {
  const notice = h('div', { 'aria-live': 'polite' });
  const reason = h('textarea', { id: uid('reason'), name: 'reason', rows: 3, maxlength: 1000, required: true });
  const hint = h('p', { class: 'field-hint', id: uid('hint') }, t('reveals.reasonHint'));
  reason.setAttribute('aria-describedby', hint.id);
  const button = h('button', { type: 'submit', class: 'button-primary' }, t('reveals.ask'));
  const form = h(
    'form',
    { class: 'panel admin-form', novalidate: true, 'data-testid': 'reveal-request' },
    h('h2', {}, t('reveals.askHeading')),
    h('div', { class: 'field' }, h('label', { for: reason.id }, t('reveals.reason')), reason, hint),
    notice,
    h('div', { class: 'form-actions' }, button),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    replace(notice);
    // The service asks for 4 to 1000 characters; said here before anything is sent.
    if (reason.value.trim().length < 4) {
      reason.setAttribute('aria-invalid', 'true');
      replace(notice, h('p', { class: 'notice notice-error', role: 'alert', 'data-testid': 'reveal-request-refused' }, t('reveals.reasonShort')));
      return;
    }
    reason.removeAttribute('aria-invalid');
    button.disabled = true;
    try {
      await api(`/api/cases/${caseId}/reveals`, { method: 'POST', body: { reason: reason.value.trim() } });
      toast(t('reveals.asked'));
      await refresh();
    } catch (error) {
      replace(notice, refusalNotice(error, 'reveal-request-refused'));
      button.disabled = false;
    }
  });
  return form;
}

function revealCard(item, me, readArea) {
  const facts = [
    [t('reveals.requestedBy'), `${item.requestedBy} · ${dateTime(item.requestedAt)}`],
    [t('reveals.reason'), item.reason],
    item.decidedBy ? [t('reveals.decidedBy'), `${item.decidedBy} · ${dateTime(item.decidedAt)}`] : null,
    item.decisionNote ? [t('reveals.decisionNote'), item.decisionNote] : null,
    item.expiresAt ? [t('reveals.expiresAt'), dateTime(item.expiresAt)] : null,
  ].filter(Boolean);
  return h(
    'li',
    { class: 'panel approval-card', 'data-reveal': item.id, 'data-status': item.status },
    h(
      'h3',
      {},
      t('reveals.request'),
      ' · ',
      h('span', { class: `approval-status status-${item.status}`, 'data-testid': 'reveal-status' }, t(`reveals.status.${item.status}`)),
    ),
    h(
      'dl',
      { class: 'account-facts' },
      facts.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
    ),
    item.status === 'pending' ? decision(item, me) : null,
    item.status === 'approved' && item.requestedBy === me.id ? readButton(item, readArea) : null,
  );
}

/** Grant or refuse, for a leader who did not ask; the others read who decides. */
function decision(item, me) {
  if (!hasAnyRole(me, ['leader'])) return h('p', { class: 'muted', 'data-testid': 'reveal-waiting' }, t('reveals.waiting'));
  if (item.requestedBy === me.id) return h('p', { class: 'muted', 'data-testid': 'reveal-waiting' }, t('reveals.notOwn'));
  const notice = h('div', { 'aria-live': 'polite' });
  const note = h('textarea', { id: uid('note'), name: 'note', rows: 2, maxlength: 1000 });
  const hours = h(
    'select',
    { id: uid('hours'), name: 'validHours' },
    VALID_HOURS.map((value) => h('option', { value, selected: value === 24 }, t('reveals.hours', { count: value }))),
  );
  const approve = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'reveal-approve' }, t('reveals.approve'));
  const deny = h('button', { type: 'button', class: 'button-danger', 'data-testid': 'reveal-deny' }, t('reveals.deny'));
  const send = async (yes) => {
    replace(notice);
    approve.disabled = deny.disabled = true;
    try {
      const body = { approve: yes, ...(note.value.trim() ? { note: note.value.trim() } : {}), ...(yes ? { validHours: Number(hours.value) } : {}) };
      await api(`/api/reveals/${item.id}/decision`, { method: 'POST', body });
      toast(t(yes ? 'reveals.approvedToast' : 'reveals.deniedToast'));
      await refresh();
    } catch (error) {
      replace(notice, refusalNotice(error, 'reveal-decision-refused'));
      approve.disabled = deny.disabled = false;
    }
  };
  approve.addEventListener('click', () => void send(true));
  deny.addEventListener('click', () => void send(false));
  return h(
    'div',
    { class: 'admin-form', 'data-testid': 'reveal-decision' },
    h('div', { class: 'field' }, h('label', { for: hours.id }, t('reveals.validHours')), hours),
    h('div', { class: 'field' }, h('label', { for: note.id }, t('reveals.decisionNote')), note),
    notice,
    h('div', { class: 'form-actions' }, approve, deny),
  );
}

/** The requester's read while the grant lasts: each read is on the record. */
function readButton(item, readArea) {
  const notice = h('div', { 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button-primary', 'data-testid': 'reveal-read' }, t('reveals.read'));
  button.addEventListener('click', async () => {
    replace(notice);
    button.disabled = true;
    try {
      const answer = await api(`/api/reveals/${item.id}/identity`);
      replace(readArea, identityPanel(answer, readArea));
      readArea.querySelector('h2')?.focus();
    } catch (error) {
      replace(notice, refusalNotice(error, 'reveal-read-refused'));
    } finally {
      button.disabled = false;
    }
  });
  return h('div', {}, h('p', { class: 'muted' }, t('reveals.readNote')), notice, h('div', { class: 'form-actions' }, button));
}

/** The identities themselves, gone from the page when the grant ends or the reader closes them. */
function identityPanel(answer, readArea) {
  const close = () => replace(readArea);
  const left = Date.parse(answer.expiresAt) - Date.now();
  // The grant's end on the service's clock; the page drops what it shows no later than that.
  if (left > 0 && left < 2 ** 31) setTimeout(close, left);
  const fields = Object.entries(answer.sealed ?? {});
  const label = (key) => (hasMessage(`reveals.field.${key}`) ? t(`reveals.field.${key}`) : t('reveals.field.other'));
  return h(
    'section',
    { class: 'panel reveal-granted', 'aria-labelledby': 'reveal-granted-heading', 'data-testid': 'revealed-identity' },
    h('h2', { id: 'reveal-granted-heading', tabindex: '-1' }, t('reveals.grantedHeading')),
    h('p', { class: 'notice notice-warning' }, t('reveals.grantedNote', { until: dateTime(answer.expiresAt) })),
    h(
      'dl',
      { class: 'account-facts' },
      fields.map(([key, value]) => [h('dt', {}, label(key)), h('dd', { 'data-field': key }, typeof value === 'string' ? value : JSON.stringify(value))]),
    ),
    answer.blacklist?.listed ? h('p', { class: 'notice notice-error', 'data-testid': 'reveal-blacklisted' }, t('reveals.blacklisted')) : null,
    answer.actors?.length ? h('p', { class: 'muted' }, t('reveals.actors', { count: answer.actors.length })) : null,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'button', class: 'button-quiet', 'data-testid': 'reveal-close', onClick: close }, t('reveals.close')),
    ),
  );
}
