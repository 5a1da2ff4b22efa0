import { api, query } from '../api.js';
import { appendChildren, h, replace } from '../dom.js';
import { label, t } from '../i18n.js';
import { caseRef, dateOnly, dateTime } from '../format.js';
import { navigate } from '../router.js';
import { toast } from '../toast.js';
import { provisionalBadge } from '../components/deadline-list.js';
import { forgetUnreadCount } from '../components/reminders-badge.js';
import { renderHeader } from '../layout.js';

const PAGE_SIZE = 30;
const TABS = ['all', 'unread'];
/** The warning ladder's notices carry its colour. */
const WARNING_OF = { warningBlue: 'blue', warningYellow: 'yellow', warningRed: 'red' };

/**
 * 待办提醒: the user's notices, newest first (GET /api/notifications), all or only the unread; each
 * says what it is about, by when, links to the case, and can be marked read (for this user only).
 */
export async function remindersPage(ctx) {
  ctx.title = t('reminders.title');
  const tab = TABS.includes(ctx.query.get('show')) ? ctx.query.get('show') : 'all';
  const unreadOnly = tab === 'unread';
  const first = await api(`/api/notifications${query({ unread: unreadOnly, limit: PAGE_SIZE })}`);
  const list = h('ul', { class: 'reminder-list', 'data-testid': 'reminder-list' });
  const more = h('div', { class: 'reminder-more' });
  const empty = h('p', { class: 'muted empty', 'data-testid': 'reminders-empty' }, t(unreadOnly ? 'reminders.emptyUnread' : 'reminders.empty'));

  const refreshBadge = () => {
    forgetUnreadCount();
    renderHeader();
  };
  const markRead = async (notice, item) => {
    await api(`/api/notifications/${notice.id}/read`, { method: 'POST' });
    notice.read = true;
    if (unreadOnly) item.remove();
    else {
      const fresh = reminderItem(notice, { markRead });
      const hadFocus = item.contains(document.activeElement);
      item.replaceWith(fresh);
      // The button is gone: keep the keyboard on the same reminder.
      if (hadFocus) fresh.querySelector('.reminder-open')?.focus();
    }
    empty.hidden = list.children.length > 0;
    refreshBadge();
  };
  const append = (notices) => {
    for (const notice of notices) list.append(reminderItem(notice, { markRead }));
    empty.hidden = list.children.length > 0;
    replace(more);
    if (notices.length === PAGE_SIZE) {
      const last = notices[notices.length - 1].createdAt;
      more.append(
        h(
          'button',
          {
            type: 'button',
            class: 'button-quiet',
            onClick: async () => append(await api(`/api/notifications${query({ unread: unreadOnly, limit: PAGE_SIZE, before: last })}`)),
          },
          t('reminders.more'),
        ),
      );
    }
  };
  append(first);

  const markAll = h(
    'button',
    {
      type: 'button',
      class: 'button-secondary',
      'data-testid': 'mark-all-read',
      onClick: async () => {
        const { marked } = await api('/api/notifications/read-all', { method: 'POST' });
        toast(t('reminders.markedAll', { count: marked }));
        refreshBadge();
        await navigate(`/app/reminders${query({ show: unreadOnly ? 'unread' : undefined })}`, { replace: true });
      },
    },
    t('reminders.markAll'),
  );

  return h(
    'section',
    { class: 'reminders-page' },
    h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, t('reminders.title')), markAll),
    h('p', { class: 'muted' }, t('reminders.help')),
    h(
      'nav',
      { class: 'tabs', 'aria-label': t('reminders.title') },
      TABS.map((name) =>
        h(
          'a',
          {
            href: `/app/reminders${query({ show: name === 'all' ? undefined : name })}`,
            'data-link': true,
            class: 'tab',
            'data-tab': name,
            'aria-current': name === tab ? 'page' : undefined,
          },
          t(`reminders.tab.${name}`),
        ),
      ),
    ),
    empty,
    list,
    more,
  );
}

/** One notice: what happened, on which case, by when; unread ones stand out and can be marked read. */
function reminderItem(notice, { markRead }) {
  const colour = WARNING_OF[notice.kind];
  const item = h('li', {
    class: `reminder${notice.read ? '' : ' reminder-unread'}${colour ? ` reminder-${colour}` : ''}`,
    'data-notification-id': notice.id,
    'data-read': String(notice.read),
    'data-kind': notice.kind,
  });
  const caseHref = `/app/cases/${notice.caseId}`;
  const open = h(
    'a',
    {
      href: caseHref,
      class: 'button-primary reminder-open',
      'data-testid': 'reminder-open',
      // Opening the case is reading the reminder.
      onClick: async (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        if (!notice.read) await markRead(notice, item).catch(() => {});
        await navigate(caseHref);
      },
    },
    t('reminders.open'),
  );
  appendChildren(item, [
    h(
      'div',
      { class: 'reminder-head' },
      h(
        'span',
        { class: `reminder-kind${colour ? ` warning-chip warning-${colour}` : ''}` },
        colour ? h('span', { class: 'warning-dot', 'aria-hidden': 'true' }) : null,
        t(`reminders.kind.${notice.kind}`),
      ),
      h(
        'span',
        { class: `reminder-state ${notice.read ? 'muted' : 'reminder-state-unread'}`, 'data-testid': 'reminder-read-state' },
        t(notice.read ? 'reminders.read' : 'reminders.unread'),
      ),
    ),
    h(
      'p',
      { class: 'reminder-case' },
      h(
        'a',
        { href: caseHref, 'data-link': true, class: 'case-link' },
        label(notice.procedureLabel),
        ' ',
        caseRef({ id: notice.caseId, caseNo: notice.caseNo }),
      ),
      ' ',
      h('span', { class: 'badge badge-state' }, label(notice.stateLabel)),
    ),
    h(
      'p',
      { class: 'reminder-due' },
      h('span', { class: 'reminder-rule' }, label(notice.ruleLabel)),
      ' · ',
      h('time', { datetime: notice.dueAt }, t('reminders.due', { date: dateOnly(notice.dueAt) })),
      notice.previousDueAt ? [' · ', h('span', { class: 'muted' }, t('reminders.previousDue', { date: dateOnly(notice.previousDueAt) }))] : null,
      provisionalBadge(notice),
    ),
    notice.provisional ? h('p', { class: 'deadline-provisional' }, label(notice.provisionalReason)) : null,
    h(
      'div',
      { class: 'reminder-foot' },
      h('time', { class: 'muted', datetime: notice.createdAt }, t('reminders.sentAt', { at: dateTime(notice.createdAt) })),
      h(
        'span',
        { class: 'reminder-actions' },
        notice.read
          ? null
          : h('button', { type: 'button', class: 'button-quiet', 'data-testid': 'mark-read', onClick: () => markRead(notice, item) }, t('reminders.markRead')),
        open,
      ),
    ),
  ]);
  return item;
}
